//! The report for Diskominfo (Markdown, in Indonesian): what misroutes most, which words pull
//! complaints to the wrong OPD, what the catalog change would be and what it measurably does.
//! Plain numbers; no reporter's identity, and no words of a confidential report.

use super::{Accuracy, Example, Flag, Input, NewExample};
use crate::catalog::{self, CATEGORIES};
use crate::lifecycle::ActionKind;
use crate::suggest::training::Scorer;
use crate::Lang;
use std::collections::BTreeMap;
use std::fmt::Write as _;

pub(super) struct Facts<'a> {
    pub input: &'a Input<'a>,
    pub labelled: &'a [(&'a Example, Vec<usize>)],
    pub held: usize,
    pub fit: usize,
    pub trained_docs: usize,
    pub current: &'a Scorer,
    pub examples: &'a [NewExample],
    pub flags: &'a [Flag],
    pub before: Accuracy,
    pub after: Accuracy,
    pub measured: Option<((usize, usize), (usize, usize))>,
    pub has_diff: bool,
}

/// Rows shown per table.
const TOP: usize = 10;
/// Below this many held-back examples the measured effect decides nothing.
const FEW: usize = 20;

fn unit_name(code: &str) -> String {
    match catalog::unit(code) {
        Some(u) => format!("{} (`{}`)", u.display_name(Lang::Id), u.code),
        None => format!("`{code}`"),
    }
}

fn category_name(code: &str) -> String {
    match catalog::category(code) {
        Some(c) => format!("{} (`{}`)", c.name.id, c.code),
        None => format!("`{code}`"),
    }
}

fn percent(part: usize, n: usize) -> String {
    let p = 100.0 * Accuracy::share(part, n);
    format!("{p:.1}%").replace('.', ",")
}

/// The most frequent value, ties by the value itself.
fn most<'a>(values: &[&'a str]) -> &'a str {
    let mut count: BTreeMap<&str, usize> = BTreeMap::new();
    for v in values {
        *count.entry(v).or_default() += 1;
    }
    count
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(a.0)))
        .map(|(v, _)| v)
        .unwrap_or("")
}

/// A term's pull: (examples, total pull, the OPDs it pulled to, the OPDs they belonged to).
type Pull<'a> = (usize, f32, Vec<&'a str>, Vec<&'a str>);

pub(super) fn write(f: &Facts) -> String {
    let mut s = String::new();
    let ex = f.input.examples;
    let kinds = |k: ActionKind| ex.iter().filter(|e| e.kind == k).count();
    let _ = writeln!(s, "# Laporan pembelajaran disposisi, {}\n", f.input.today);
    let _ = writeln!(s, "Dibuat oleh perintah `server learn` dari riwayat laporan. Tidak ada yang berubah di layanan sebelum petugas Diskominfo menyetujui usulan di bawah ini.\n");

    let _ = writeln!(s, "## Ringkasan\n");
    let _ = writeln!(
        s,
        "- Contoh berlabel: **{}** laporan yang salah arah lalu sampai ke unit yang tepat ({} dialihkan ke unit lain, {} dikembalikan ke koordinator, {} bukan wewenang Pemkab).",
        ex.len(),
        kinds(ActionKind::Reroute),
        kinds(ActionKind::Return),
        kinds(ActionKind::NotAuthority)
    );
    let _ = writeln!(
        s,
        "- Belum menjadi contoh: {} laporan salah arah yang belum didisposisikan ulang.",
        f.input.pending
    );
    let none = f.labelled.iter().filter(|(_, a)| a.is_empty()).count();
    if none > 0 {
        let _ = writeln!(s, "- Tanpa kategori yang menuju unit tujuannya: {none} laporan (tidak dipakai melatih; mungkin katalog perlu kategori atau aturan baru).");
    }
    let _ = writeln!(
        s,
        "- Dipakai melatih: {} contoh. Disisihkan untuk mengukur: {} contoh (seperempat yang tetap, menurut hash teksnya; tidak pernah dipakai melatih).",
        f.fit, f.held
    );
    let _ = writeln!(
        s,
        "- Model baru dilatih dari {} teks: contoh dan nama kategori di katalog, contoh dari petugas, dan usulan contoh katalog di bawah{}.\n",
        f.trained_docs + CATEGORIES.iter().map(|c| c.examples.len() + 1).sum::<usize>(),
        if f.input.extra.is_empty() {
            " (tanpa data evaluasi pengembang yang ikut melatih model yang berjalan sekarang)"
        } else {
            ", dan data tambahan"
        }
    );

    // categories
    let _ = writeln!(s, "## Kategori yang paling sering salah arah\n");
    let mut by_cat: BTreeMap<&str, Vec<&Example>> = BTreeMap::new();
    for e in ex {
        by_cat.entry(e.category.as_str()).or_default().push(e);
    }
    let mut cats: Vec<_> = by_cat.into_iter().collect();
    cats.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then(a.0.cmp(b.0)));
    if cats.is_empty() {
        let _ = writeln!(
            s,
            "Belum ada laporan salah arah yang sudah selesai didisposisikan ulang.\n"
        );
    } else {
        let _ = writeln!(s, "| Kategori pilihan warga | Laporan | Semula ke (terbanyak) | Seharusnya ke (terbanyak) |");
        let _ = writeln!(s, "| --- | ---: | --- | --- |");
        for (c, es) in cats.iter().take(TOP) {
            let wrong: Vec<&str> = es.iter().map(|e| e.wrong.as_str()).collect();
            let right: Vec<&str> = es.iter().map(|e| e.right.as_str()).collect();
            let _ = writeln!(
                s,
                "| {} | {} | {} | {} |",
                category_name(c),
                es.len(),
                unit_name(most(&wrong)),
                unit_name(most(&right))
            );
        }
        s.push('\n');
    }

    // questions
    let mut answers: BTreeMap<(&str, &str, &str), Vec<&str>> = BTreeMap::new();
    for e in ex {
        for (q, a) in &e.answers {
            answers
                .entry((e.category.as_str(), q.as_str(), a.as_str()))
                .or_default()
                .push(e.right.as_str());
        }
    }
    let mut answers: Vec<_> = answers.into_iter().collect();
    answers.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then(a.0.cmp(&b.0)));
    let _ = writeln!(s, "## Pertanyaan yang paling sering berujung salah arah\n");
    if answers.is_empty() {
        let _ = writeln!(
            s,
            "Tidak ada: laporan salah arah tidak menjawab pertanyaan apa pun.\n"
        );
    } else {
        let _ = writeln!(
            s,
            "| Kategori | Pertanyaan | Jawaban warga | Laporan | Seharusnya ke (terbanyak) |"
        );
        let _ = writeln!(s, "| --- | --- | --- | ---: | --- |");
        for ((c, q, a), rights) in answers.iter().take(TOP) {
            let question = catalog::question(q);
            let text = question.map(|x| x.text.id).unwrap_or(q);
            let label = question
                .and_then(|x| x.options.iter().find(|o| o.value == *a))
                .map(|o| o.label.id)
                .unwrap_or(a);
            let _ = writeln!(
                s,
                "| {} | {} (`{}`) | {} | {} | {} |",
                category_name(c),
                text,
                q,
                label,
                rights.len(),
                unit_name(most(rights))
            );
        }
        s.push('\n');
    }

    // words
    let _ = writeln!(s, "## Kata yang menarik laporan ke OPD yang salah\n");
    let _ = writeln!(s, "Menurut model yang berjalan sekarang: kata dalam laporan salah arah (kecuali laporan rahasia) yang bobotnya lebih condong ke kategori pilihan warga daripada ke kategori yang menuju unit yang tepat.\n");
    let mut pulls: BTreeMap<String, Pull> = BTreeMap::new();
    for (e, accepted) in f.labelled {
        let Some(ci) = CATEGORIES.iter().position(|c| c.code == e.category) else {
            continue;
        };
        // a confidential report's words stay out of the report, even one by one
        if accepted.is_empty() || accepted.contains(&ci) || !e.quotable {
            continue;
        }
        let wrong_opd = catalog::unit(&e.wrong).map(|u| u.opd().code).unwrap_or("");
        let right_opd = catalog::unit(&e.right).map(|u| u.opd().code).unwrap_or("");
        for (term, ws) in f.current.term_weights(&e.text()) {
            let w = |c: usize| ws.iter().find(|x| x.0 == c).map(|x| x.1).unwrap_or(0.0);
            let toward = w(ci);
            let away = accepted
                .iter()
                .map(|&a| w(a))
                .fold(f32::NEG_INFINITY, f32::max);
            let pull = toward - away;
            if pull > 0.0 {
                let p = pulls.entry(term).or_default();
                p.0 += 1;
                p.1 += pull;
                p.2.push(wrong_opd);
                p.3.push(right_opd);
            }
        }
    }
    let mut pulls: Vec<_> = pulls.into_iter().collect();
    pulls.sort_by(|a, b| b.1 .1.total_cmp(&a.1 .1).then(a.0.cmp(&b.0)));
    if pulls.is_empty() {
        let _ = writeln!(s, "Tidak ada kata yang menonjol.\n");
    } else {
        let _ = writeln!(
            s,
            "| Kata (akar) | Laporan | Tarikan (jumlah bobot) | Menarik ke | Seharusnya ke |"
        );
        let _ = writeln!(s, "| --- | ---: | ---: | --- | --- |");
        for (term, (n, pull, wrong, right)) in pulls.iter().take(TOP) {
            let pull = format!("{pull:.2}").replace('.', ",");
            let _ = writeln!(
                s,
                "| {} | {} | {} | {} | {} |",
                term,
                n,
                pull,
                unit_name(most(wrong)),
                unit_name(most(right))
            );
        }
        s.push('\n');
    }

    // proposal
    let _ = writeln!(s, "## Usulan perubahan katalog (`katalog.diff`)\n");
    if !f.has_diff {
        let _ = writeln!(s, "Tidak ada usulan kali ini.\n");
    } else {
        let _ = writeln!(s, "Berkas `katalog.diff` mengubah `domain/catalog/catalog.toml` saja dan sudah diperiksa dengan pemeriksa katalog yang dipakai build.\n");
        if !f.examples.is_empty() {
            let _ = writeln!(s, "Contoh kalimat baru (judul laporan yang salah arah, untuk kategori yang menuju unit yang tepat):\n");
            for x in f.examples {
                let _ = writeln!(
                    s,
                    "- {}: \"{}\" ({} laporan)",
                    category_name(CATEGORIES[x.category].code),
                    x.phrase,
                    x.count
                );
            }
            s.push('\n');
        }
        if !f.flags.is_empty() {
            let _ = writeln!(s, "Kata kunci untuk ditinjau (ditandai dengan komentar `# TINJAU` di atas daftar kata kunci; tidak dihapus otomatis):\n");
            for x in f.flags {
                let _ = writeln!(
                    s,
                    "- {}: \"{}\" ada di {} laporan yang salah arah (terbanyak seharusnya ke {})",
                    category_name(CATEGORIES[x.category].code),
                    x.keyword,
                    x.count,
                    x.to.display_name(Lang::Id)
                );
            }
            s.push('\n');
        }
    }

    // effect
    let (b, a) = (f.before, f.after);
    let _ = writeln!(s, "## Dampak terukur pada contoh yang disisihkan\n");
    let _ = writeln!(
        s,
        "| Ukuran ({} contoh) | Model sekarang | Model baru + usulan katalog |",
        b.n
    );
    let _ = writeln!(s, "| --- | ---: | ---: |");
    for (what, x, y) in [
        (
            "Kategori pertama menuju unit yang tepat",
            b.category_top1,
            a.category_top1,
        ),
        (
            "Kategori yang tepat di tiga teratas",
            b.category_top3,
            a.category_top3,
        ),
        ("Unit tepat dari kategori pertama", b.unit_top1, a.unit_top1),
    ] {
        let _ = writeln!(
            s,
            "| {what} | {x} ({}) | {y} ({}) |",
            percent(x, b.n),
            percent(y, a.n)
        );
    }
    if let Some(((b1, b3), (a1, a3))) = f.measured {
        let n = f.input.measure.len();
        let _ = writeln!(s, "| Data pengembang, seperempat disisihkan ({n} keluhan): kategori pertama benar (tingkat OPD) | {b1} ({}) | {a1} ({}) |", percent(b1, n), percent(a1, n));
        let _ = writeln!(
            s,
            "| Data pengembang: kategori benar di tiga teratas | {b3} ({}) | {a3} ({}) |",
            percent(b3, n),
            percent(a3, n)
        );
    }
    s.push('\n');
    let worse_here = (a.category_top1, a.category_top3) < (b.category_top1, b.category_top3);
    let worse_dev = f.measured.is_some_and(|((b1, _), (a1, _))| a1 < b1);
    if worse_here || worse_dev {
        let _ = writeln!(s, "**Model baru lebih buruk daripada model sekarang pada ukuran di atas: jangan salin `model.txt`.** Usulan katalog tetap dapat ditinjau sendiri.\n");
    }
    if b.n < FEW {
        let _ = writeln!(s, "Contoh yang disisihkan masih sedikit ({}): angka ini belum dapat dijadikan dasar keputusan.\n", b.n);
    }

    let _ = writeln!(s, "## Cara menerima usulan\n");
    let _ = writeln!(
        s,
        "1. Baca `katalog.diff`; hapus baris usulan yang tidak tepat."
    );
    let _ = writeln!(s, "2. Di repositori: `git apply katalog.diff` (atau `patch -p1 < katalog.diff`), lalu build: build memeriksa katalog dan menolak kesalahan.");
    let _ = writeln!(s, "3. Bila angka model baru lebih baik: salin `model.txt` ke `domain/eval/model.txt` dan build. Model dikirim ke aplikasi menurut versinya (hash berkasnya), seperti sekarang.");
    let _ = writeln!(s, "4. Tanpa langkah-langkah ini tidak ada yang berubah.");
    s
}
