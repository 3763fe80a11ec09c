// swift-tools-version: 6.1
// Quiver: an in-memory property-graph database speaking Memgraph's openCypher over Bolt.
// Module layout and import direction: docs/architecture.md (checked by ArchitectureTests).
import PackageDescription

let releaseSpeed: [SwiftSetting] = [
    .unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release)),
]

let package = Package(
    name: "Quiver",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "QuiverCore", targets: ["QuiverCore"]),
        .library(name: "QuiverStorage", targets: ["QuiverStorage"]),
        .library(name: "QuiverDurability", targets: ["QuiverDurability"]),
        .library(name: "QuiverDisk", targets: ["QuiverDisk"]),
        .library(name: "QuiverEngine", targets: ["QuiverEngine"]),
        .executable(name: "quiver-bench", targets: ["quiver-bench"]),
        .executable(name: "quiver", targets: ["quiver"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-atomics", from: "1.3.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.81.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.29.0"),
        .package(url: "https://github.com/apple/swift-crypto", "3.10.0"..<"5.0.0"),
    ],
    targets: [
        .target(name: "CMalloc"),
        .target(name: "CPrefetch"),
        .target(name: "QuiverCore", exclude: ["README.md"], swiftSettings: releaseSpeed),
        .target(
            name: "QuiverStorage",
            dependencies: [
                "QuiverCore", "CMalloc", "CPrefetch",
                .product(name: "Atomics", package: "swift-atomics"),
            ],
            exclude: ["README.md"],
            swiftSettings: releaseSpeed
        ),
        .target(
            name: "QuiverDurability", dependencies: ["QuiverCore", "QuiverStorage"],
            swiftSettings: releaseSpeed
        ),
        .systemLibrary(
            name: "CRocksDB", path: "Sources/CRocksDB", pkgConfig: "rocksdb",
            providers: [.apt(["librocksdb-dev"])]
        ),
        .target(
            name: "QuiverDisk", dependencies: ["QuiverCore", "QuiverStorage", "CRocksDB"],
            exclude: ["README.md"],
            swiftSettings: releaseSpeed
        ),
        .target(name: "QuiverCypher", dependencies: ["QuiverCore", "QuiverStorage"], exclude: ["README.md"], swiftSettings: releaseSpeed),
        .executableTarget(
            name: "quiver-bench",
            dependencies: [
                "QuiverCore", "QuiverStorage", "QuiverDurability", "QuiverDisk", "QuiverEngine", "CMalloc",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Benchmarks/QuiverBench",
            swiftSettings: releaseSpeed
        ),
        .target(
            name: "QuiverBolt",
            dependencies: [
                "QuiverCore",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            exclude: ["README.md"],
            swiftSettings: releaseSpeed
        ),
        .target(name: "QuiverTCK", dependencies: ["QuiverCore"], exclude: ["README.md"], swiftSettings: releaseSpeed),
        .target(
            name: "QuiverEngine", dependencies: ["QuiverCore", "QuiverStorage", "QuiverDurability", "QuiverDisk", "QuiverCypher"],
            exclude: ["README.md"],
            swiftSettings: releaseSpeed
        ),
        .executableTarget(
            name: "quiver-tck",
            dependencies: ["QuiverEngine", "QuiverTCK", "QuiverCypher", "QuiverStorage", "QuiverCore"],
            swiftSettings: releaseSpeed
        ),
        .target(
            name: "QuiverServer",
            dependencies: [
                "QuiverBolt", "QuiverEngine", "QuiverCore",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CryptoExtras", package: "swift-crypto"),
            ],
            exclude: ["README.md"]
        ),
        .executableTarget(
            name: "quiver",
            dependencies: [
                "QuiverServer", "QuiverBolt", "QuiverEngine", "QuiverCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "QuiverServerTests", dependencies: ["QuiverServer", "QuiverBolt", "QuiverEngine", "QuiverCore"]),
        .testTarget(name: "QuiverCoreTests", dependencies: ["QuiverCore"]),
        .testTarget(name: "QuiverStorageTests", dependencies: ["QuiverCore", "QuiverStorage"]),
        .testTarget(name: "QuiverDurabilityTests", dependencies: ["QuiverDurability", "QuiverCore", "QuiverStorage"]),
        .testTarget(name: "QuiverDiskTests", dependencies: ["QuiverDisk", "QuiverStorage", "QuiverCore"]),
        .testTarget(name: "QuiverCypherTests", dependencies: ["QuiverCore", "QuiverCypher"]),
        .testTarget(name: "ArchitectureTests", dependencies: []),
        .testTarget(name: "QuiverTCKTests", dependencies: ["QuiverTCK", "QuiverCore"]),
        .testTarget(
            name: "QuiverEngineTests", dependencies: ["QuiverEngine", "QuiverCypher", "QuiverStorage", "QuiverCore", "QuiverTCK"],
            exclude: ["Logic"]
        ),
        .testTarget(
            name: "QuiverBoltTests",
            dependencies: [
                "QuiverBolt", "QuiverCore",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
