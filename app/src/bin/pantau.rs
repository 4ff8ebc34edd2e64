//! The tracking bundle's entry point (`/lacak/…`, `/laporan`; see `lib.rs`), built by trunk from
//! `app/pantau.html`.
fn main() {
    app::start_tracking();
}
