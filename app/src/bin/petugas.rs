//! The officers' app's entry point (see `lib.rs`), built by trunk from `app/petugas.html`.
fn main() {
    app::start_officers();
}
