// swift-tools-version:6.0
// Runs the seeds' two workflows with the plenigo Swift package (scripts/test-swift runs it).
// It sits one folder down so that its package identity differs from the dependency's ("swift").
import PackageDescription

let package = Package(
    name: "PlenigoExample",
    dependencies: [.package(path: "../../../bindings/swift")],
    targets: [
        .executableTarget(name: "Workflows", dependencies: [.product(name: "Plenigo", package: "swift")]),
    ],
    swiftLanguageModes: [.v6]
)
