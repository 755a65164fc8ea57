// swift-tools-version:6.0
// The Swift package of the plenigo SDK: `Plenigo` is the Swift API that uniffi-bindgen
// generates from the Rust core, `PlenigoFFI` the C module (header + modulemap) beneath it.
// Generate both and build the core first: scripts/test-swift does, see README.md.
import Foundation
import PackageDescription

/// Where libplenigo.so lives: $PLENIGO_LIB_DIR, else the workspace's target/release.
let libDir = ProcessInfo.processInfo.environment["PLENIGO_LIB_DIR"]
    ?? URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../target/release").standardized.path

let package = Package(
    name: "Plenigo",
    products: [
        .library(name: "Plenigo", targets: ["Plenigo"]),
    ],
    targets: [
        .systemLibrary(name: "PlenigoFFI"),
        .target(
            name: "Plenigo",
            dependencies: ["PlenigoFFI"],
            linkerSettings: [
                .linkedLibrary("plenigo"),
                .unsafeFlags(["-L", libDir, "-Xlinker", "-rpath", "-Xlinker", libDir]),
            ]
        ),
        .testTarget(name: "PlenigoTests", dependencies: ["Plenigo"]),
    ],
    swiftLanguageModes: [.v6]
)
