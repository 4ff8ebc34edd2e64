//! The receipt of the no-JavaScript form: what `domain::wire::Receipt` carries, said so that the
//! citizen keeps what they will need: the tracking code, the reporter code (for a confidential
//! report also its secret) and the days by which the report is verified and answered.

use super::{site_header, t};
use domain::wire::Receipt;
use domain::{Lang, Privacy};
use maud::{html, Markup};

pub(super) fn receipt_html(r: &Receipt, lang: Lang) -> String {
    html! {
        (site_header(lang))
        main class="nojs receipt" {
            h1 { (t(lang, "Laporan Anda sudah kami terima", "We have received your report")) }
            p { (t(lang, "Simpan kode pelacakan ini untuk mengikuti perkembangan laporan Anda:", "Keep this tracking code to follow your report:")) }
            p class="code" aria-label=(t(lang, "Kode pelacakan", "Tracking code")) { (r.display_code) }
            (handled_by(r, lang))
            dl class="facts" {
                dt { (t(lang, "Diverifikasi paling lambat", "Verified by")) }
                dd { (r.verify_by.long(lang)) }
                dt { (t(lang, "Ditanggapi unit paling lambat", "The unit answers by")) }
                dd { (r.answer_by.long(lang)) }
            }
            (reporter_code(r, lang))
            p {
                a class="button" href={ "/lacak/" (r.tracking_code) } {
                    (t(lang, "Lihat status laporan", "See the report's status"))
                }
            }
        }
    }
    .into_string()
}

/// The unit and why, or where to go instead when it is not the regency's matter.
fn handled_by(r: &Receipt, lang: Lang) -> Markup {
    html! {
        @if let Some(g) = &r.guidance {
            div class="route external" { p { (g) } }
        } @else {
            div class="route" {
                p { (t(lang, "Ditangani oleh:", "Handled by:")) " " b { (r.unit.name) } }
                p { (r.reason) }
            }
        }
        @if let Some(h) = &r.held {
            div class="route external" { p { (h) } }
        }
    }
}

/// The kode pelapor and why to keep it. A confidential report's secret is the same code, so it
/// gets one box that says both.
fn reporter_code(r: &Receipt, lang: Lang) -> Markup {
    let (title, why) = if r.privacy == Privacy::Rahasia {
        (
            t(lang, "Kode rahasia dan kode pelapor Anda:", "Your secret and reporter code:"),
            t(lang, "Catat dan simpan kode ini sekarang. Laporan rahasia hanya dapat dibuka dengan kode pelacakan dan kode ini, dan Anda memerlukannya untuk menerima atau membuka kembali jawaban petugas. Kode ini tidak dapat ditampilkan lagi.", "Write this code down and keep it now. A confidential report can only be opened with the tracking code and this code, and you need it to accept or reopen the officers' answer. It cannot be shown again."),
        )
    } else {
        (
            t(lang, "Kode pelapor Anda:", "Your reporter code:"),
            t(lang, "Simpan kode ini: Anda memerlukannya untuk menerima, membuka kembali, atau menilai jawaban petugas. Kode ini tidak dapat ditampilkan lagi.", "Keep this code: you need it to accept, reopen or rate the officers' answer. It cannot be shown again."),
        )
    };
    html! {
        div class="secret" role="note" {
            p { b { (title) } }
            p class="code token" { (r.reporter_token) }
            p { (why) }
        }
    }
}
