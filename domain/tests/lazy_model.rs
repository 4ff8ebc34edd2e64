//! Without the `embedded-model` feature (the app's build), `suggest` waits for a model installed
//! at run time. Run by scripts/test.sh with
//! `cargo test -p domain --no-default-features --test lazy_model`.
#![cfg(not(feature = "embedded-model"))]

use domain::suggest::{install_model, model_ready, suggest};

// The test reads the file the server serves; the crate itself does not contain it.
const MODEL_FILE: &str = include_str!("../eval/model.txt");

#[test]
fn suggests_nothing_until_a_model_is_installed_then_like_the_server() {
    assert!(!model_ready());
    assert!(suggest("jalan rusak berlubang di depan sekolah", 3).is_empty());

    // An error page or a cut-off download is not a model: nothing changes.
    assert!(!install_model("<!doctype html><title>502</title>"));
    assert!(!install_model(""));
    assert!(!model_ready());

    assert!(install_model(MODEL_FILE));
    assert!(model_ready());
    let s = suggest("jalan rusak berlubang, motor sering jatuh", 3);
    assert_eq!(s.first().map(|s| s.category.code), Some("jalan-rusak"));
    let s = suggest("sampah menumpuk berhari-hari tidak diangkut", 3);
    assert_eq!(s.first().map(|s| s.category.code), Some("sampah"));

    // Only one model per page.
    assert!(!install_model(MODEL_FILE));
}

#[test]
fn the_app_build_leaves_the_catalog_examples_out() {
    assert!(domain::catalog::CATEGORIES
        .iter()
        .all(|c| c.examples.is_empty()));
}

#[test]
fn the_app_build_leaves_the_cues_out_until_the_model_file_brings_them() {
    assert!(domain::catalog::QUESTIONS
        .iter()
        .all(|q| q.options.iter().all(|o| o.cues.is_empty())));
}
