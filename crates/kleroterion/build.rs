//! Tells the tests whether the shared reference instances (`../shared` beside the checkout)
//! are here, so that the tests that read them show as ignored, not passed, when they are not.

fn main() {
    println!("cargo::rustc-check-cfg=cfg(shared_data)");
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-env-changed=KLEROTERION_SHARED");
    let shared = std::env::var_os("KLEROTERION_SHARED")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| {
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared")
        });
    if shared.join("instances").is_dir() {
        println!("cargo::rustc-cfg=shared_data");
    }
}
