// BoltConnectionWork: what runs on the worker pool for one connection: the backend calls for each
// state-machine operation, timing (t_first / t_last) and result streaming in bounded batches with
// back-pressure (a batch is written and the previous write acknowledged before more rows are
// pulled). Never runs on an event loop; never touches the channel except through `emit`.
import NIOCore

/// The backend and the open results of one connection. Accessed by one worker at a time: the
/// connection handler dispatches the next operation only after the previous one finished, which
/// orders the accesses (event-loop hops are happens-before edges). Hence `@unchecked Sendable`.
final class BoltConnectionWork: @unchecked Sendable {
    typealias Operation = BoltStateMachine.Operation
    typealias Outcome = BoltStateMachine.Outcome

    /// An operation's outcome plus RECORD messages (already chunked) to send before its summary.
    struct Result: Sendable {
        var outcome: Outcome
        var records: ByteBuffer?
    }

    let backend: any BoltBackend
    private var streams: [Int64: any BoltResultStream] = [:]
    private var closed = false
    let allocator: ByteBufferAllocator
    let batchRows: Int

    init(backend: any BoltBackend, allocator: ByteBufferAllocator, batchRows: Int) {
        self.backend = backend
        self.allocator = allocator
        self.batchRows = max(1, batchRows)
    }

    /// Runs one operation. `emit` writes an intermediate batch of records and returns the write's
    /// future (used for back-pressure); it is only used for results longer than one batch.
    func perform(_ operation: Operation, format: PackStreamFormat,
                 emit: @Sendable (ByteBuffer) -> EventLoopFuture<Void>) -> Result {
        let outcome: Outcome
        var records: ByteBuffer?
        do throws(BoltFailure) {
            switch operation {
            case .authenticate(let token):
                try backend.authenticate(token)
                outcome = .done
            case .logoff:
                backend.logoff()
                outcome = .done
            case .begin(let metadata):
                try backend.begin(metadata)
                outcome = .done
            case .commit:
                streams.removeAll()
                outcome = .committed(bookmark: try backend.commit())
            case .rollback:
                streams.removeAll()
                try backend.rollback()
                outcome = .done
            case .reset:
                streams.removeAll()
                backend.reset()
                outcome = .done
            case .run(let query, let parameters, let metadata, let qid):
                let started = NIODeadline.now()
                let stream = try backend.run(query, parameters: parameters, metadata: metadata)
                streams[qid] = stream
                outcome = .ran(fields: stream.fields, firstRecordMilliseconds: milliseconds(since: started))
            case .pull(let qid, let n):
                (outcome, records) = try pull(qid: qid, n: n, format: format, emit: emit)
            case .discard(let qid, let n):
                outcome = try discard(qid: qid, n: n)
            }
        } catch {
            streams.removeAll()
            return Result(outcome: .failed(error), records: nil)
        }
        return Result(outcome: outcome, records: records)
    }

    private func stream(_ qid: Int64) throws(BoltFailure) -> any BoltResultStream {
        guard let stream = streams[qid] else { throw .protocolViolation("There is no open result with qid \(qid).") }
        return stream
    }

    /// Pulls up to `n` rows (-1 = all) in batches of `batchRows`. Every batch but the last is
    /// written through `emit` and the one before it must have been written before the next is
    /// pulled, so at most two batches are ever buffered, whatever the result's size.
    private func pull(qid: Int64, n: Int64, format: PackStreamFormat,
                      emit: @Sendable (ByteBuffer) -> EventLoopFuture<Void>) throws(BoltFailure) -> (Outcome, ByteBuffer) {
        let started = NIODeadline.now()
        let stream = try stream(qid)
        var remaining = n < 0 ? Int64.max : n
        var output = allocator.buffer(capacity: 256)
        var previousWrite: EventLoopFuture<Void>?
        while true {
            let asked = Int(min(remaining, Int64(batchRows)))
            let batch = try stream.pull(asked)
            for row in batch.rows {
                do {
                    try output.writeBoltRecordMessage(row, format: format)
                } catch {
                    throw BoltFailure(code: BoltFailure.databaseErrorCode, message: "Cannot send a result value: \(error)")
                }
            }
            remaining -= Int64(batch.rows.count)
            if !batch.hasMore {
                streams[qid] = nil
                return (.streamed(hasMore: false, summary: batch.summary, lastRecordMilliseconds: milliseconds(since: started)), output)
            }
            if remaining <= 0 || batch.rows.isEmpty {
                return (.streamed(hasMore: true, summary: batch.summary, lastRecordMilliseconds: milliseconds(since: started)), output)
            }
            let write = emit(output)
            output = allocator.buffer(capacity: output.capacity)
            if let previousWrite {
                do {
                    try previousWrite.wait()
                } catch {
                    throw BoltFailure(code: BoltFailure.transientErrorCode, message: "The connection closed while streaming.")
                }
            }
            previousWrite = write
        }
    }

    private func discard(qid: Int64, n: Int64) throws(BoltFailure) -> Outcome {
        let started = NIODeadline.now()
        let batch = try stream(qid).discard(n < 0 ? -1 : Int(clamping: n))
        if !batch.hasMore { streams[qid] = nil }
        return .streamed(hasMore: batch.hasMore, summary: batch.summary, lastRecordMilliseconds: milliseconds(since: started))
    }

    /// Releases everything once; later calls do nothing.
    func close() {
        guard !closed else { return }
        closed = true
        streams.removeAll()
        backend.close()
    }

    private func milliseconds(since start: NIODeadline) -> Int64 {
        (NIODeadline.now() - start).nanoseconds / 1_000_000
    }
}
