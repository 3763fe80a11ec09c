// Concurrency stress: money transfers between account vertices under snapshot isolation, with
// retries on conflict, snapshot readers checking the total, and GC running throughout. The
// total never changes and every committed transfer is reflected exactly (no lost update).
import Foundation
import Synchronization
import Testing
import QuiverCore
@testable import QuiverStorage

@Suite struct ConcurrencyStressTests {
    @Test func moneyTransfersKeepTheTotal() throws {
        let storage = makeStorage()
        let balance = storage.names.property("balance")
        let accountCount = 40, initial: Int64 = 1000, workers = 4, transfersPerWorker = 1500
        let setup = storage.begin()
        var accounts: [Gid] = []
        for _ in 0..<accountCount {
            accounts.append(try setup.createVertex(labels: [storage.names.label("Account")], properties: [(balance, .int(initial))]))
        }
        try setup.commit()
        let accountList = accounts

        let expected = Mutex([Int64](repeating: initial, count: accountCount))
        let conflicts = Atomic<Int>(0)
        let badTotals = Atomic<Int>(0)
        let running = Atomic<Bool>(true)
        let workersDone = DispatchGroup()
        let done = DispatchGroup()

        for worker in 0..<workers {
            workersDone.enter()
            Thread {
                var random = SplitMix64(seed: UInt64(worker + 1))
                var completed = 0
                while completed < transfersPerWorker {
                    let from = Int(random.next() % UInt64(accountCount))
                    let to = (from + 1 + Int(random.next() % UInt64(accountCount - 1))) % accountCount
                    let amount = Int64(random.next() % 50)
                    let tx = storage.begin()
                    do {
                        let a = tx.property(of: accountList[from], balance)!.intValue!
                        let b = tx.property(of: accountList[to], balance)!.intValue!
                        try tx.setProperty(accountList[from], balance, .int(a - amount))
                        try tx.setProperty(accountList[to], balance, .int(b + amount))
                        try tx.commit()
                        expected.withLock { $0[from] -= amount; $0[to] += amount }
                        completed += 1
                    } catch {
                        #expect((error as? QuiverError)?.code == .serializationConflict)
                        conflicts.add(1, ordering: .relaxed)
                        tx.abort()
                    }
                }
                workersDone.leave()
            }.start()
        }
        done.enter()
        Thread {
            while running.load(ordering: .relaxed) {
                let tx = storage.begin()
                var total: Int64 = 0
                for account in accountList { total += tx.property(of: account, balance)!.intValue! }
                if total != initial * Int64(accountCount) { badTotals.add(1, ordering: .relaxed) }
                tx.abort()
            }
            done.leave()
        }.start()
        done.enter()
        Thread {
            while running.load(ordering: .relaxed) {
                storage.collectGarbage(compact: false)
                usleep(500)
            }
            done.leave()
        }.start()

        // Wait for the workers, then stop the reader and the collector.
        workersDone.wait()
        running.store(false, ordering: .relaxed)
        done.wait()
        storage.collectGarbage()

        let final = storage.begin()
        let balances = accountList.map { final.property(of: $0, balance)!.intValue! }
        #expect(balances.reduce(0, +) == initial * Int64(accountCount))
        #expect(balances == expected.withLock { $0 })
        #expect(badTotals.load(ordering: .relaxed) == 0)
        #expect(storage.unreleasedDeltaCount == 0)
        print("money transfers: \(workers * transfersPerWorker) committed, \(conflicts.load(ordering: .relaxed)) conflicts retried")
    }
}
