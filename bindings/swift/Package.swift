// swift-tools-version:6.0
// The Swift package of the plenigo SDK: `Plenigo` is the Swift API that uniffi-bindgen
// generated from the Rust core (committed, see `generate`), `PlenigoFFI` the C module beneath
// it. The core itself, libplenigo.so, is installed apart (bindings/c: `make install`) and found
// through pkg-config's plenigo.pc (PKG_CONFIG_PATH=<prefix>/lib/pkgconfig for a prefix pkg-config
// does not search by default). See README.md.
import PackageDescription

let package = Package(
    name: "Plenigo",
    products: [
        .library(name: "Plenigo", targets: ["Plenigo"]),
    ],
    targets: [
        // module.modulemap: `link "plenigo"`; plenigo.pc: -L<libdir>.
        .systemLibrary(
            name: "PlenigoFFI",
            pkgConfig: "plenigo",
            providers: []
        ),
        .target(name: "Plenigo", dependencies: ["PlenigoFFI"]),
        .testTarget(name: "PlenigoTests", dependencies: ["Plenigo"]),
    ],
    swiftLanguageModes: [.v6]
)
