//! Compiles `catalog/` into static tables. A broken catalog fails the build here, with every
//! problem listed as `file:line: message` (see `build_support/catalog.rs`).

#[path = "build_support/catalog.rs"]
mod catalog;
#[path = "build_support/templates.rs"]
mod templates;

fn main() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("catalog");
    for f in [
        "catalog.toml",
        "wilayah.csv",
        "hari-libur.toml",
        "kategori-nasional.json",
        "templat.toml",
    ] {
        println!("cargo:rerun-if-changed=catalog/{f}");
    }
    println!("cargo:rerun-if-changed=build_support/catalog.rs");
    println!("cargo:rerun-if-changed=build_support/templates.rs");
    // The suggestion model's version: the app asks the server for exactly this model.
    println!("cargo:rerun-if-changed=eval/model.txt");
    let model =
        std::fs::read(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("eval/model.txt"))
            .expect("read eval/model.txt");
    // The file the app fetches also carries the questions' cues (`suggest::cues_file`), which
    // live in catalog.toml: its version covers both.
    let cues_src = std::fs::read(dir.join("catalog.toml")).unwrap_or_default();
    let h = catalog::fnv1a(catalog::fnv1a(catalog::FNV_OFFSET, &model), &cues_src);
    println!("cargo:rustc-env=SUGGEST_MODEL_VERSION={h:016x}");
    let inputs = catalog::Inputs::read(&dir).unwrap_or_else(|e| {
        eprintln!("error: cannot read the catalog in {}: {e}", dir.display());
        std::process::exit(1);
    });
    let read = |f: &str| std::fs::read_to_string(dir.join(f)).unwrap_or_default();
    match templates::compile(
        &read("catalog.toml"),
        &read("templat.toml"),
        "catalog/templat.toml",
    ) {
        Ok(code) => {
            let out =
                std::path::Path::new(&std::env::var("OUT_DIR").unwrap()).join("templates_gen.rs");
            std::fs::write(out, code).expect("write templates_gen.rs");
        }
        Err(errors) => {
            eprintln!("\nThe answer templates have {} problem(s):\n", errors.len());
            for e in &errors {
                eprintln!("  {e}");
            }
            std::process::exit(1);
        }
    }
    match catalog::compile(&inputs) {
        Ok(code) => {
            let out =
                std::path::Path::new(&std::env::var("OUT_DIR").unwrap()).join("catalog_gen.rs");
            std::fs::write(out, code).expect("write catalog_gen.rs");
        }
        Err(errors) => {
            eprintln!(
                "\nThe catalog has {} problem(s); fix them and build again:\n",
                errors.len()
            );
            for e in &errors {
                eprintln!("  {e}");
            }
            eprintln!();
            std::process::exit(1);
        }
    }
}
