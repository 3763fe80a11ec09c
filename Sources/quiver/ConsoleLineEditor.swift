// ConsoleLineEditor: a small line editor for the interactive console on a terminal: raw mode
// through termios, insert/delete, left/right, Home/End (Ctrl-A/E), history with up/down kept in
// a file, Ctrl-C to drop the line, Ctrl-D on an empty line to quit. Not a full readline.
import Foundation

final class ConsoleLineEditor {
    enum Input { case line(String), interrupted, endOfInput }

    private(set) var history: [String] = []
    private let historyFile: String?
    private let historyLimit = 1000

    init(historyFile: String?) {
        self.historyFile = historyFile
        if let historyFile, let text = try? String(contentsOfFile: historyFile, encoding: .utf8) {
            history = text.split(separator: "\n").map { $0.replacingOccurrences(of: "\\n", with: "\n") }
        }
    }

    func remember(_ entry: String) {
        guard !entry.isEmpty, history.last != entry else { return }
        history.append(entry)
        if history.count > historyLimit { history.removeFirst(history.count - historyLimit) }
        guard let historyFile else { return }
        let text = history.map { $0.replacingOccurrences(of: "\n", with: "\\n") }.joined(separator: "\n") + "\n"
        try? text.write(toFile: historyFile, atomically: true, encoding: .utf8)
    }

    /// Reads one line with editing; the terminal is in raw mode only while reading.
    func readLine(prompt: String) -> Input {
        var original = termios()
        guard tcgetattr(STDIN_FILENO, &original) == 0 else { return plainLine(prompt: prompt) }
        var raw = original
        raw.c_lflag &= ~tcflag_t(ECHO | ICANON | ISIG | IEXTEN)
        raw.c_iflag &= ~tcflag_t(IXON | ICRNL)
        tcsetattr(STDIN_FILENO, TCSANOW, &raw)
        defer { tcsetattr(STDIN_FILENO, TCSANOW, &original) }
        return edit(prompt: prompt)
    }

    private func plainLine(prompt: String) -> Input {
        write(prompt)
        guard let line = Swift.readLine(strippingNewline: true) else { return .endOfInput }
        return .line(line)
    }

    private func edit(prompt: String) -> Input {
        var buffer: [Character] = []
        var cursor = 0
        var historyIndex = history.count
        var draft: [Character] = []
        func redraw() {
            let tail = String(buffer[cursor...])
            write("\r" + prompt + String(buffer) + "\u{1B}[K" + (tail.isEmpty ? "" : "\u{1B}[\(tail.count)D"))
        }
        redraw()
        while let key = readKey() {
            switch key {
            case .enter:
                write("\r\n")
                return .line(String(buffer))
            case .interrupt:
                write("^C\r\n")
                return .interrupted
            case .endOfFile:
                if buffer.isEmpty {
                    write("\r\n")
                    return .endOfInput
                }
            case .backspace where cursor > 0:
                buffer.remove(at: cursor - 1)
                cursor -= 1
            case .delete where cursor < buffer.count:
                buffer.remove(at: cursor)
            case .left where cursor > 0: cursor -= 1
            case .right where cursor < buffer.count: cursor += 1
            case .home: cursor = 0
            case .end: cursor = buffer.count
            case .up where historyIndex > 0:
                if historyIndex == history.count { draft = buffer }
                historyIndex -= 1
                buffer = Array(history[historyIndex])
                cursor = buffer.count
            case .down where historyIndex < history.count:
                historyIndex += 1
                buffer = historyIndex == history.count ? draft : Array(history[historyIndex])
                cursor = buffer.count
            case .character(let character):
                buffer.insert(character, at: cursor)
                cursor += 1
            default:
                break
            }
            redraw()
        }
        return .endOfInput
    }

    private enum Key { case character(Character), enter, interrupt, endOfFile, backspace, delete, left, right, up, down, home, end, other }

    private func readKey() -> Key? {
        guard let byte = readByte() else { return nil }
        switch byte {
        case 13, 10: return .enter
        case 3: return .interrupt
        case 4: return .endOfFile
        case 127, 8: return .backspace
        case 1: return .home
        case 5: return .end
        case 27: return readEscape()
        case 0..<32: return .other
        default: return readCharacter(first: byte)
        }
    }

    private func readEscape() -> Key {
        guard let bracket = readByte(), bracket == UInt8(ascii: "[") || bracket == UInt8(ascii: "O"), let code = readByte() else { return .other }
        switch code {
        case UInt8(ascii: "A"): return .up
        case UInt8(ascii: "B"): return .down
        case UInt8(ascii: "C"): return .right
        case UInt8(ascii: "D"): return .left
        case UInt8(ascii: "H"): return .home
        case UInt8(ascii: "F"): return .end
        case UInt8(ascii: "3"):
            _ = readByte()  // the closing "~"
            return .delete
        default: return .other
        }
    }

    /// One UTF-8 encoded character starting with `first`.
    private func readCharacter(first: UInt8) -> Key {
        var bytes = [first]
        let length = first >= 0xF0 ? 4 : first >= 0xE0 ? 3 : first >= 0xC0 ? 2 : 1
        while bytes.count < length, let next = readByte() { bytes.append(next) }
        guard let text = String(validating: bytes, as: UTF8.self), let character = text.first else { return .other }
        return .character(character)
    }

    private func readByte() -> UInt8? {
        var byte: UInt8 = 0
        while true {
            let count = read(STDIN_FILENO, &byte, 1)
            if count == 1 { return byte }
            if count < 0 && errno == EINTR { continue }
            return nil
        }
    }

    private func write(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }
}
