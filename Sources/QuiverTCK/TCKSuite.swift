// TCKSuite: every feature under a folder (recursively), read and expanded, with the counts the
// inventory reports: features and test cases in total and per folder (`clauses/match`, ...).
// Running the scenarios is TCKRun.swift; a single scenario is ScenarioExecutor.swift.
import Foundation

public struct TCKSuite: Sendable {
    /// The features folder that was read.
    public var root: URL
    /// Successfully read features, sorted by path.
    public var features: [Feature]
    /// Files that could not be read; a healthy suite has none.
    public var errors: [FeatureParseError]

    public init(root: URL, features: [Feature], errors: [FeatureParseError] = []) {
        self.root = root
        self.features = features.sorted { $0.path < $1.path }
        self.errors = errors
    }

    /// Reads every `*.feature` file under `root`. Paths are relative to `root` with `/` separators.
    public static func load(from root: URL) throws -> TCKSuite {
        let rootPath = root.standardizedFileURL.path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: rootPath, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: rootPath])
        }
        guard let enumerator = FileManager.default.enumerator(atPath: rootPath) else {
            throw CocoaError(.fileReadUnknown, userInfo: [NSFilePathErrorKey: rootPath])
        }
        var relativePaths: [String] = []
        while let relative = enumerator.nextObject() as? String {
            if relative.hasSuffix(".feature") { relativePaths.append(relative) }
        }
        var features: [Feature] = []
        var errors: [FeatureParseError] = []
        for relative in relativePaths.sorted() {
            let url = URL(fileURLWithPath: rootPath).appendingPathComponent(relative)
            do {
                features.append(try FeatureReader.read(contentsOf: url, path: relative))
            } catch {
                errors.append(error)
            }
        }
        return TCKSuite(root: root, features: features, errors: errors)
    }

    /// All test cases (outlines expanded), in path then file order.
    public var scenarios: [Scenario] { features.flatMap(\.scenarios) }

    public var scenarioCount: Int { features.reduce(0) { $0 + $1.scenarios.count } }

    /// Per folder, sorted by folder name: feature files (empty ones included) and test cases.
    public var folderCounts: [FolderCount] {
        var byFolder: [String: FolderCount] = [:]
        for feature in features {
            byFolder[feature.folder, default: FolderCount(folder: feature.folder)].features += 1
            byFolder[feature.folder, default: FolderCount(folder: feature.folder)].scenarios += feature.scenarios.count
        }
        return byFolder.values.sorted { $0.folder < $1.folder }
    }

    public struct FolderCount: Sendable, Equatable {
        public var folder: String
        public var features = 0
        public var scenarios = 0
        public init(folder: String, features: Int = 0, scenarios: Int = 0) {
            self.folder = folder
            self.features = features
            self.scenarios = scenarios
        }
    }

    /// Only the scenarios whose id contains `filter` (all when nil or empty), for running a subset.
    public func scenarios(matching filter: String?) -> [Scenario] {
        guard let filter, !filter.isEmpty else { return scenarios }
        return scenarios.filter { $0.id.contains(filter) }
    }
}
