// FeatureReader: reads a `.feature` file into a Feature — parses the Gherkin, expands every
// Scenario Outline into one Scenario per Examples row (placeholders substituted everywhere),
// prepends Background steps and classifies every step, reporting errors with file and line.
import Foundation

public enum FeatureReader {
    /// Reads the file at `url`; `path` is how scenarios will name it (relative to the features folder).
    public static func read(contentsOf url: URL, path: String) throws(FeatureParseError) -> Feature {
        let text: String
        do {
            text = try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw FeatureParseError(path: path, line: 0, message: "cannot read file: \(error)")
        }
        return try read(text: text, path: path)
    }

    public static func read(text: String, path: String) throws(FeatureParseError) -> Feature {
        let document: GherkinDocument
        do {
            document = try GherkinParser.parse(text)
        } catch {
            throw FeatureParseError(path: path, line: error.line, message: error.message)
        }
        var scenarios: [Scenario] = []
        for scenario in document.scenarios {
            if scenario.isOutline {
                scenarios += try expand(scenario, in: document, path: path)
            } else {
                let raw = document.background + scenario.steps
                scenarios.append(Scenario(featurePath: path, name: scenario.name, exampleIndex: nil, line: scenario.line,
                                          exampleLine: nil, tags: document.featureTags + scenario.tags,
                                          steps: try classify(raw, path: path), stepLines: raw.map(\.line)))
            }
        }
        return Feature(path: path, name: document.featureName, scenarios: scenarios)
    }

    /// One Scenario per Examples data row, numbered from 1 across the outline's Examples tables.
    private static func expand(_ outline: GherkinScenario, in document: GherkinDocument,
                               path: String) throws(FeatureParseError) -> [Scenario] {
        var result: [Scenario] = []
        for examples in outline.examples {
            guard let header = examples.table.first else {
                throw FeatureParseError(path: path, line: examples.line, message: "Examples: without a table")
            }
            for row in examples.table.dropFirst() {
                var values: [String: String] = [:]
                for (name, cell) in zip(header.cells, row.cells) { values[name] = cell }
                let raw = document.background + outline.steps.map { $0.substituting(values) }
                result.append(Scenario(
                    featurePath: path, name: Placeholders.substitute(outline.name, values),
                    exampleIndex: result.count + 1, line: outline.line, exampleLine: row.line,
                    tags: document.featureTags + outline.tags + examples.tags,
                    steps: try classify(raw, path: path), stepLines: raw.map(\.line)))
            }
        }
        return result
    }

    private static func classify(_ steps: [GherkinStep], path: String) throws(FeatureParseError) -> [Step] {
        var result: [Step] = []
        for step in steps {
            do {
                result.append(try StepClassifier.classify(step))
            } catch {
                throw FeatureParseError(path: path, line: step.line, message: error.message)
            }
        }
        return result
    }
}
