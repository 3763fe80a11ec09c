// WALWriter flush: the leader's I/O. It writes a taken batch into the open segment, creating
// new segment files at the rotation markers `enqueue` placed, syncs every touched file (and the
// directory when a file was created), and on any failure puts the disk back to exactly the
// acknowledged bytes: files created by the batch are removed, the segment that was open is
// truncated to its durable length, or, if truncation fails, sealed by a new empty segment whose
// header says how much of it is valid. When even that fails the log is broken: commits fail and
// each retries the repair, so the log heals once the disk does.
import QuiverCore

extension WALWriter {
    /// Called with the monitor held and no flush running; returns with it held.
    func flushLocked() {
        flushing = true
        var batch = pending
        pending = spare
        spare = []
        let batchMarkers = markers
        markers = []
        let batchEnd = enqueuedEnd
        let batchCommits = pendingCommits
        pendingCommits = 0
        let sealTimestamp = lastTimestamp &+ 1
        monitor.unlock()

        let result = writeBatch(batch, batchMarkers)
        var brokenBy: QuiverError? = nil
        if case .failure(let failure) = result {
            brokenBy = restoreAfterFailure(failure, sealTimestamp: sealTimestamp)
        }
        batch.removeAll(keepingCapacity: true)

        monitor.lock()
        spare = batch
        flushCount += 1
        switch result {
        case .success:
            resolvedEnd = batchEnd
            lastBatchCommits = batchCommits
        case .failure(let failure):
            let error = failure.error
            // Everything not yet durable fails: this batch and whatever queued behind it (its
            // records may rely on name declarations the failed batch carried).
            failures.append(Failure(after: resolvedEnd, upTo: enqueuedEnd, error: error))
            resolvedEnd = enqueuedEnd
            pending.removeAll(keepingCapacity: true)
            pendingCommits = 0
            markers = []
            segmentOpenForEnqueue = false
            sinceGroup = 0
            nextSequence = lastSurvivingSequence + 1
            if let brokenBy { broken = brokenBy }
        }
        flushing = false
        monitor.broadcast()
    }

    struct BatchFailure: Error {
        var error: QuiverError
        /// The segment open before the batch (its durable length is what survives).
        var original: OpenSegment?
        /// Segment files the batch created.
        var created: [OpenSegment]
    }

    private func writeBatch(_ batch: [UInt8], _ batchMarkers: [SegmentMarker]) -> Result<Void, BatchFailure> {
        let original = current
        var created: [OpenSegment] = []
        var finished: [OpenSegment] = []
        do throws(QuiverError) {
            var offset = 0
            for marker in batchMarkers {
                try writeToCurrent(batch, offset..<marker.offset)
                if let segment = current { finished.append(segment) }
                let path = joinPath(directory, WALFormat.fileName(sequence: marker.sequence))
                let file = try io.open(path, .createNew)
                var segment = OpenSegment(file: file, path: path, sequence: marker.sequence, length: 0, durableLength: 0)
                created.append(segment)
                let header = WALSegmentHeader(sequence: marker.sequence, firstTimestamp: marker.firstTimestamp,
                                              previousSegmentLength: current?.length ?? previousSegmentLength)
                try io.write(file, header.encoded(), at: 0)
                segment.length = UInt64(WALFormat.headerSize)
                current = segment
                offset = marker.offset
            }
            try writeToCurrent(batch, offset..<batch.count)
            for segment in finished { try io.sync(segment.file, dataOnly: true) }
            if var segment = current {
                try io.sync(segment.file, dataOnly: created.last?.sequence != segment.sequence)
                segment.durableLength = segment.length
                current = segment
            }
            if !created.isEmpty { try io.syncDirectory(directory) }
        } catch {
            return .failure(BatchFailure(error: error, original: original, created: created))
        }
        for segment in finished { io.close(segment.file) }
        if let last = finished.last { previousSegmentLength = last.length }
        if let segment = current { lastSurvivingSequence = segment.sequence }
        return .success(())
    }

    private func writeToCurrent(_ batch: [UInt8], _ range: Range<Int>) throws(QuiverError) {
        guard !range.isEmpty else { return }
        guard var segment = current else {
            preconditionFailure("WAL batch bytes before the first segment marker")
        }
        try batch.withBytes { (raw) throws(QuiverError) in
            try io.write(segment.file, UnsafeRawBufferPointer(rebasing: raw[range]), at: segment.length)
        }
        segment.length += UInt64(range.count)
        current = segment
    }

    /// Clean-up owed after a failed flush.
    enum RepairItem {
        /// A segment file the failed batch created: unlink it (or empty it).
        case remove(OpenSegment)
        /// The segment open before the batch: truncate it to its durable length, or seal it.
        case restore(OpenSegment, sealTimestamp: UInt64)
    }

    /// Puts the files back to the durable state after a failed batch; returns an error when it
    /// cannot yet, which breaks the log until a retry succeeds.
    func restoreAfterFailure(_ failure: BatchFailure, sealTimestamp: UInt64) -> QuiverError? {
        current = nil
        repairs = failure.created.map { .remove($0) }
        if let original = failure.original { repairs.append(.restore(original, sealTimestamp: sealTimestamp)) }
        return runRepairs(cause: failure.error)
    }

    /// Runs the owed repairs (as the leader); nil when none is left.
    func runRepairs(cause: QuiverError) -> QuiverError? {
        var remaining: [RepairItem] = []
        var problem = ""
        var removedAny = false
        for item in repairs {
            switch item {
            case .remove(let segment):
                if (try? io.unlink(segment.path)) != nil || (try? io.truncate(segment.file, to: 0)) != nil {
                    io.close(segment.file)
                    removedAny = true
                } else {
                    remaining.append(item)
                    problem = "could not remove \(segment.path)"
                }
            case .restore(let segment, let sealTimestamp):
                // A new file that could not be removed would take the seal's name: wait for it.
                if !remaining.isEmpty || !restore(segment, sealTimestamp: sealTimestamp) {
                    remaining.append(item)
                    problem = problem.isEmpty ? "could neither truncate nor seal \(segment.path)" : problem
                }
            }
        }
        if removedAny { try? io.syncDirectory(directory) }
        repairs = remaining
        guard !remaining.isEmpty else { return nil }
        return brokenError(cause, problem)
    }

    /// Truncates `segment` to its durable length, or seals it with an empty successor whose
    /// header names that length; closes it when either worked.
    private func restore(_ segment: OpenSegment, sealTimestamp: UInt64) -> Bool {
        do throws(QuiverError) {
            try io.truncate(segment.file, to: segment.durableLength)
            try io.sync(segment.file, dataOnly: false)
            io.close(segment.file)
            previousSegmentLength = segment.durableLength
            lastSurvivingSequence = segment.sequence
            return true
        } catch {}
        let path = joinPath(directory, WALFormat.fileName(sequence: segment.sequence + 1))
        do throws(QuiverError) {
            let file = try io.open(path, .createNew)
            defer { io.close(file) }
            let header = WALSegmentHeader(sequence: segment.sequence + 1, firstTimestamp: sealTimestamp,
                                          previousSegmentLength: segment.durableLength)
            try io.write(file, header.encoded(), at: 0)
            try io.sync(file, dataOnly: false)
            try io.syncDirectory(directory)
        } catch {
            try? io.unlink(path)
            return false
        }
        io.close(segment.file)
        previousSegmentLength = UInt64(WALFormat.headerSize)
        lastSurvivingSequence = segment.sequence + 1
        return true
    }

    private func brokenError(_ cause: QuiverError, _ detail: String) -> QuiverError {
        QuiverError(.internalError, "The write-ahead log failed (\(cause.message)) and \(detail). Until that succeeds (it is retried with every commit), no transaction can be made durable and the outcome of the failed ones is unknown; if it persists, restart the server.")
    }
}
