// BoltConnectionHandler: one Bolt connection on a NIO channel. It composes the pure parts
// (handshake → chunk framing → request decoding → state machine) and performs the state
// machine's operations on the worker pool, one at a time, answering in request order. It must
// not block the event loop and must not interpret queries.
//
// Flow: bytes accumulate in `inbound`; the handshake is decided from its first 20 bytes; then
// complete messages are decoded into `queue` (at most `maxQueuedRequests`; reading pauses beyond,
// which bounds a pipelining client's memory). `pump` feeds queued requests to the state machine
// until one needs the backend; the operation runs on the pool and its result re-enters `pump`.
// Responses gather in `output` and are flushed when there is nothing left to do right now.
import NIOCore
import NIOPosix

/// Everything connections share: configuration, the worker pool, the backend factory.
struct BoltConnectionEnvironment: Sendable {
    var configuration: BoltServerConfiguration
    var threadPool: NIOThreadPool
    var backendFactory: @Sendable (BoltConnectionInfo) -> any BoltBackend
    var nextConnectionID: @Sendable () -> String
}

final class BoltConnectionHandler: ChannelDuplexHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private enum Phase { case handshake, session, closed }
    private enum QueuedItem {
        case request(BoltRequest)
        /// Undecodable input: answer FAILURE and close once everything before it is answered.
        case malformed(String)
    }

    private let environment: BoltConnectionEnvironment
    private var limits: BoltLimits { environment.configuration.limits }
    private var phase = Phase.handshake
    private var inbound = ByteBuffer()
    private var output = ByteBuffer()
    private var chunkDecoder: BoltChunkDecoder
    private var machine: BoltStateMachine?
    private var work: BoltConnectionWork?
    private var queue = CircularBuffer<QueuedItem>()
    /// Stops decoding after malformed input: nothing after garbage can be trusted.
    private var decodingStopped = false
    private var busy = false
    private var readPending = false
    private var closeDispatched = false
    private var handshakeTimeout: Scheduled<Void>?
    private var context: ChannelHandlerContext?
    private var eventLoop: (any EventLoop)?

    init(environment: BoltConnectionEnvironment) {
        self.environment = environment
        self.chunkDecoder = BoltChunkDecoder(maxMessageBytes: environment.configuration.limits.maxMessageBytes)
    }

    // MARK: Channel events

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        eventLoop = context.eventLoop
        output = context.channel.allocator.buffer(capacity: 1024)
        if context.channel.isActive { startHandshakeTimer(context: context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        startHandshakeTimer(context: context)
        context.fireChannelActive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
    }

    private func startHandshakeTimer(context: ChannelHandlerContext) {
        guard handshakeTimeout == nil else { return }
        let bound = NIOLoopBound(self, eventLoop: context.eventLoop)
        handshakeTimeout = context.eventLoop.scheduleTask(in: environment.configuration.handshakeTimeout) {
            let handler = bound.value
            if handler.phase == .handshake { handler.closeNow() }
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var bytes = unwrapInboundIn(data)
        guard phase != .closed else { return }
        inbound.writeBuffer(&bytes)
        if phase == .handshake { handshake(context: context) }
        if phase == .session { pump() }
    }

    func channelInactive(context: ChannelHandlerContext) {
        connectionGone()
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        closeNow()
    }

    /// Back-pressure: while the request queue is full, reads wait.
    func read(context: ChannelHandlerContext) {
        if queue.count >= limits.maxQueuedRequests {
            readPending = true
        } else {
            context.read()
        }
    }

    // MARK: Handshake

    private func handshake(context: ChannelHandlerContext) {
        let configuration = environment.configuration
        switch BoltHandshake.evaluate(inbound.readableBytesView, supported: configuration.supportedVersions) {
        case .needMoreData:
            return
        case .httpRequest:
            sendAndClose(BoltHandshake.httpReply)
        case .wrongMagic:
            closeNow()
        case .noCommonVersion:
            sendAndClose(BoltHandshake.noVersionReply)
        case .accepted(let version):
            handshakeTimeout?.cancel()
            inbound.moveReaderIndex(forwardBy: BoltHandshake.preambleBytes)
            let connectionID = environment.nextConnectionID()
            machine = BoltStateMachine(version: version, connectionID: connectionID, configuration: configuration.session)
            let info = BoltConnectionInfo(connectionID: connectionID, remoteAddress: context.channel.remoteAddress?.description,
                                          version: version)
            work = BoltConnectionWork(backend: environment.backendFactory(info), allocator: context.channel.allocator,
                                      batchRows: configuration.pullBatchRows)
            phase = .session
            output.writeBytes(version.wireBytes)
            context.writeAndFlush(wrapOutboundOut(takeOutput()), promise: nil)
        }
    }

    private func sendAndClose(_ bytes: [UInt8]) {
        guard let context else { return }
        phase = .closed
        var buffer = context.channel.allocator.buffer(capacity: bytes.count)
        buffer.writeBytes(bytes)
        let channel = context.channel
        context.writeAndFlush(wrapOutboundOut(buffer)).whenComplete { _ in channel.close(promise: nil) }
    }

    // MARK: Requests

    /// Decodes what is buffered, serves queued requests until one needs the backend, and flushes
    /// when idle. Re-entered when an operation finishes.
    private func pump() {
        while phase == .session {
            decodeBufferedMessages()
            guard !busy, let item = queue.popFirst() else { break }
            serve(item)
        }
        if !busy { flushOutput() }
        if readPending, queue.count < limits.maxQueuedRequests, phase == .session {
            readPending = false
            context?.read()
        }
        if inbound.readerIndex > 64 * 1024 { inbound.discardReadBytes() }
    }

    private func decodeBufferedMessages() {
        guard let version = machine?.version else { return }
        while !decodingStopped, queue.count < limits.maxQueuedRequests {
            let message: ByteBuffer
            do {
                guard let next = try chunkDecoder.nextMessage(from: &inbound) else { return }
                message = next
            } catch {
                queue.append(.malformed("\(error)"))
                decodingStopped = true
                return
            }
            do {
                let request = try BoltRequest.decode(message, version: version, limits: limits)
                if case .reset = request, busy || !queue.isEmpty {
                    // RESET jumps the queue: requests ahead of it are IGNORED, the running call stops.
                    machine?.interrupt()
                    if busy { work?.backend.interrupt() }
                }
                queue.append(.request(request))
            } catch {
                queue.append(.malformed("Malformed message: \(error)"))
                decodingStopped = true
            }
        }
    }

    private func serve(_ item: QueuedItem) {
        switch item {
        case .malformed(let reason):
            machine?.connectionClosed()
            respondAndClose(.failure(.protocolViolation(reason)))
        case .request(let request):
            guard var machine else { return }
            let step = machine.receive(request)
            self.machine = machine
            execute(step)
        }
    }

    private func execute(_ step: BoltStateMachine.Step) {
        switch step {
        case .respond(let response):
            append(response)
        case .respondAndClose(let response):
            respondAndClose(response)
        case .close:
            flushOutput()
            closeNow()
        case .perform(let operation):
            dispatch(operation)
        }
    }

    private func append(_ response: BoltResponse) {
        let format = machine?.format ?? .v5
        do {
            try output.writeBoltResponse(response, format: format)
        } catch {
            try? output.writeBoltResponse(.failure(BoltFailure(code: BoltFailure.databaseErrorCode,
                                                               message: "Cannot encode the response: \(error)")), format: format)
        }
    }

    private func respondAndClose(_ response: BoltResponse) {
        append(response)
        guard let context else { return }
        phase = .closed
        let channel = context.channel
        context.writeAndFlush(wrapOutboundOut(takeOutput())).whenComplete { _ in channel.close(promise: nil) }
        dispatchClose()
    }

    // MARK: Operations

    private func dispatch(_ operation: BoltStateMachine.Operation) {
        guard let context, let work, let machine else { return }
        busy = true
        // Responses so far go out first (ahead of any records the worker writes), unflushed.
        if output.readableBytes > 0 { context.write(wrapOutboundOut(takeOutput()), promise: nil) }
        let eventLoop = context.eventLoop
        let bound = NIOLoopBound(self, eventLoop: eventLoop)
        let format = machine.format
        let emit: @Sendable (ByteBuffer) -> EventLoopFuture<Void> = { records in
            eventLoop.flatSubmit { bound.value.writeIntermediate(records) }
        }
        environment.threadPool.runIfActive(eventLoop: eventLoop) {
            work.perform(operation, format: format, emit: emit)
        }.whenComplete { result in
            let handler = bound.value
            switch result {
            case .success(let finished): handler.finish(finished)
            case .failure:
                handler.finish(.init(outcome: .failed(BoltFailure(code: BoltFailure.databaseErrorCode,
                                                                  message: "The server is shutting down.")), records: nil))
            }
        }
    }

    private func writeIntermediate(_ records: ByteBuffer) -> EventLoopFuture<Void> {
        guard let context, phase == .session else { return eventLoop!.makeFailedFuture(ChannelError.ioOnClosedChannel) }
        return context.writeAndFlush(wrapOutboundOut(records))
    }

    private func finish(_ result: BoltConnectionWork.Result) {
        busy = false
        guard phase == .session, var machine else {
            dispatchClose()
            return
        }
        if var records = result.records, records.readableBytes > 0 { output.writeBuffer(&records) }
        let step = machine.complete(result.outcome)
        self.machine = machine
        execute(step)
        pump()
    }

    // MARK: Closing

    private func takeOutput() -> ByteBuffer {
        let taken = output
        output = (context?.channel.allocator ?? ByteBufferAllocator()).buffer(capacity: 1024)
        return taken
    }

    private func flushOutput() {
        guard let context else { return }
        if output.readableBytes > 0 {
            context.writeAndFlush(wrapOutboundOut(takeOutput()), promise: nil)
        } else {
            context.flush()
        }
    }

    private func closeNow() {
        phase = .closed
        context?.close(promise: nil)
        dispatchClose()
    }

    private func connectionGone() {
        phase = .closed
        handshakeTimeout?.cancel()
        machine?.connectionClosed()
        if busy { work?.backend.interrupt() }
        dispatchClose()
    }

    /// Releases the backend on the pool once no operation is running (even while the pool
    /// shuts down: a cancelled work item still closes).
    private func dispatchClose() {
        guard !busy, !closeDispatched, let work else { return }
        closeDispatched = true
        environment.threadPool.submit { _ in work.close() }
    }
}
