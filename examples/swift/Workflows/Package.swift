// swift-tools-version:6.0
// Runs the seeds' two workflows with the plenigo Swift package (scripts/test-swift runs it).
// The package comes by path: $PLENIGO_SWIFT_PACKAGE (scripts/test-swift points it at a copy of
// bindings/swift's committed files named plenigo-swift, as a user's clone would be), else this
// repository's bindings/swift. A path package's identity is its folder's name, which the
// product reference names.
import PackageDescription

let plenigo = Context.environment["PLENIGO_SWIFT_PACKAGE"] ?? "../../../bindings/swift"
let identity = String(plenigo.split(separator: "/").last ?? "swift").lowercased()

let package = Package(
    name: "PlenigoExample",
    dependencies: [.package(path: plenigo)],
    targets: [
        .executableTarget(name: "Workflows", dependencies: [.product(name: "Plenigo", package: identity)]),
    ],
    swiftLanguageModes: [.v6]
)
