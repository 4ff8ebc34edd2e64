//! The citizen app's entry point (see `lib.rs`).
fn main() {
    app::start_citizen();
}
