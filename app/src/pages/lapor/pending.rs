//! After "Kirim laporan": the report is in the outbox on the phone, being sent or waiting for a
//! connection (`crate::outbox` retries with the same Idempotency-Key).

use crate::i18n::t;
use crate::outbox;
use crate::state::{app_state, Wait};
use leptos::prelude::*;

#[component]
pub(super) fn PendingView() -> impl IntoView {
    let app = app_state();
    let waiting = move || app.wait.with(|w| w.is_some());
    view! {
        <section class="pending">
            <h1 id="pending-title" tabindex="-1">{move || if waiting() {
                t("Belum terkirim, akan dikirim otomatis", "Not sent yet; it will be sent automatically")
            } else {
                t("Mengirim laporan…", "Sending the report…")
            }}</h1>
            <div role="status" aria-live="polite">
                {move || match app.wait.get() {
                    Some(Wait::Network) => Some(t(
                        "Koneksi internet terputus atau terlalu lambat. Laporan Anda tersimpan di ponsel ini dan dikirim otomatis begitu koneksi kembali, juga saat Anda membuka Lapor Natuna lagi.",
                        "The connection dropped or is too slow. Your report is saved on this phone and is sent automatically as soon as the connection returns, or when you open Lapor Natuna again.",
                    ).to_string()),
                    Some(Wait::Busy(msg)) => Some(format!("{msg} {}", t("Laporan akan dicoba dikirim lagi secara otomatis.", "Sending will be retried automatically."))),
                    None => None,
                }.map(|m| view! { <p>{m}</p> })}
                {move || app.sending.get().then(|| view! { <p class="muted">{t("Sedang mencoba mengirim…", "Trying to send…")}</p> })}
            </div>
            <button type="button" class="primary" disabled=move || app.sending.get() on:click=move |_| outbox::send(app)>
                {t("Kirim sekarang", "Send now")}
            </button>
            <p class="hint">{t(
                "Jangan hapus data browser sampai laporan terkirim. Anda boleh menutup halaman ini.",
                "Do not clear the browser's data until the report is sent. You may close this page.",
            )}</p>
        </section>
    }
}
