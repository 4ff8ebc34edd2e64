//! A light Indonesian stemmer in the Nazief–Adriani / Sastrawi family: it strips the possessive
//! `-nya`, derivational suffixes (`-kan`, `-an`, `-i`,
//! chat `-in`) and up to two prefixes with their sound changes (`meng-`/`peng-`, `meny-` → `s`,
//! `mem-` → `p`, `men-` → `t`, `di-`, `ber-`, `ter-`, `per-`, `ke-`, `se-`, chat `ng-`/`ny-`).
//!
//! Like Sastrawi it only accepts a root it knows. Sastrawi ships a 30,000-word dictionary; here the
//! dictionary is the model's own vocabulary (plus the catalog's keywords), so `perbaikan`,
//! `diperbaiki` and `baik` meet, `jalanan` becomes `jalan`, while `jalan` stays `jalan` because
//! `jal` is no word we know. Among the known candidates the shortest wins (`pemadaman` → `padam`).

/// Calls `f(candidate, signature)` for every way of stripping affixes off `w`; the signature names
/// the prefixes and the derivational suffix removed (inflections such as `-nya` are not part of
/// it), so that the trainer can tell a root reached by different derivations from one word with
/// and without `-nya`.
pub(crate) fn candidates(w: &str, f: &mut dyn FnMut(&str, &str)) {
    if w.len() < 4 || !w.bytes().all(|b| b.is_ascii_lowercase()) {
        return;
    }
    // Particles (-lah, -kah, -pun) are left alone: in complaints they sit on function words, and
    // stripping them breaks roots (`sekolah`, `masalah`).
    let mut bases: Vec<&str> = vec![w];
    if let Some(b) = w.strip_suffix("nya") {
        if b.len() >= 3 {
            bases.push(b);
        }
    }
    let mut sig = String::new();
    for (bi, base) in bases.iter().enumerate() {
        // an inflected form is itself a candidate (`sampahnya` → `sampah`)
        if bi > 0 {
            emit(base, "", "", f, &mut sig);
            strip_prefixes(base, "", "", 0, f, &mut sig);
        } else {
            strip_prefixes(base, "", "", 0, f, &mut sig);
        }
        for suf in ["kan", "an", "i", "in"] {
            if let Some(s) = base.strip_suffix(suf) {
                if s.len() >= 3 {
                    // without a prefix, a suffix is only taken off a longer word: `jalan` is no
                    // `jal` + `-an`, `mati` no `mat` + `-i`
                    if s.len() >= 4 {
                        emit(s, "", suf, f, &mut sig);
                    }
                    strip_prefixes(s, "", suf, 0, f, &mut sig);
                }
            }
        }
    }
}

fn emit(c: &str, prefixes: &str, suffix: &str, f: &mut dyn FnMut(&str, &str), sig: &mut String) {
    if c.len() < 3 || !root_like(c) || matches!(c, "ber" | "ter" | "per" | "pen" | "men" | "mem") {
        return;
    }
    sig.clear();
    sig.push_str(prefixes);
    sig.push('|');
    sig.push_str(suffix);
    f(c, sig);
}

/// Indonesian roots do not open with two consonants, bar a few clusters of loanwords (`praktik`,
/// `klinik`, `struk`): `mbali` (from `kembali`) or `rbaik` (from `perbaikan`) is no root.
fn root_like(c: &str) -> bool {
    let b = c.as_bytes();
    if b.len() < 2 || is_vowel(b[0]) || is_vowel(b[1]) {
        return true;
    }
    matches!(b[1], b'r' | b'l' | b'y' | b'h' | b'w')
        || (b[0] == b's' && b.len() > 2 && !is_vowel(b[1]))
}

fn is_vowel(b: u8) -> bool {
    matches!(b, b'a' | b'e' | b'i' | b'o' | b'u')
}

fn strip_prefixes(
    w: &str,
    chain: &str,
    suffix: &str,
    depth: usize,
    f: &mut dyn FnMut(&str, &str),
    sig: &mut String,
) {
    if depth >= 2 || w.len() < 5 {
        return;
    }
    // the prefix taken off first decides which may follow: di-per-, me-per-, ke-ber-, but not
    // mem-ber- (`memberikan` is me- + `berikan`... + `beri`, never `ikan`)
    let outer = chain.split('-').next().unwrap_or("").trim_end_matches('*');
    let allowed = |p: &str| match outer {
        "" => true,
        "di" | "ke" | "se" => matches!(p, "per" | "ter" | "pe" | "me"),
        "me" | "pe" => p == "per",
        _ => false,
    };
    let mut found: Vec<(String, &'static str)> = Vec::new();
    let mut push = |s: String, p: &'static str| {
        if s.len() >= 3 && allowed(p.trim_end_matches('*')) {
            found.push((s, p));
        }
    };
    let first = |s: &str| s.as_bytes().first().copied().unwrap_or(0);
    for p in ["di", "ke", "se"] {
        if let Some(r) = w.strip_prefix(p) {
            push(r.to_string(), p);
        }
    }
    for (p3, p2) in [("ter", "te"), ("ber", "be"), ("per", "pe")] {
        if let Some(r) = w.strip_prefix(p3) {
            push(r.to_string(), p3);
        }
        // be-/te-/pe- before a root in r: `berusak`, `perawat`
        if let Some(r) = w.strip_prefix(p2) {
            if first(r) == b'r' && r.len() > 1 && is_vowel(r.as_bytes()[1]) {
                push(r.to_string(), p3);
            }
        }
    }
    if let Some(r) = w.strip_prefix("belajar") {
        push(format!("ajar{r}"), "ber");
    }
    for (m, pe) in [("me", "pe")] {
        for (pre, label) in [(m, "me"), (pe, "pe")] {
            let Some(r) = w.strip_prefix(pre) else {
                continue;
            };
            let rb = r.as_bytes();
            let c0 = rb.first().copied().unwrap_or(0);
            if let Some(r2) = r.strip_prefix("ng") {
                // meng-/peng-: before g, h, k and vowels; menge- before one-syllable roots
                let c = first(r2);
                if is_vowel(c) {
                    push(r2.to_string(), label);
                    push(format!("k{r2}"), star(label));
                }
                if matches!(c, b'g' | b'h' | b'k' | b'q') {
                    push(r2.to_string(), label);
                }
                if let Some(r3) = r2.strip_prefix('e') {
                    push(r3.to_string(), label);
                }
            } else if let Some(r2) = r.strip_prefix("ny") {
                if is_vowel(first(r2)) {
                    push(format!("s{r2}"), star(label));
                }
            } else if let Some(r2) = r.strip_prefix('m') {
                let c = first(r2);
                if matches!(c, b'b' | b'f' | b'p' | b'v') {
                    push(r2.to_string(), label);
                }
                if is_vowel(c) {
                    push(format!("p{r2}"), star(label));
                    push(format!("m{r2}"), label);
                }
            } else if let Some(r2) = r.strip_prefix('n') {
                let c = first(r2);
                if matches!(c, b'c' | b'd' | b'j' | b's' | b't' | b'z') {
                    push(r2.to_string(), label);
                }
                if is_vowel(c) {
                    push(format!("t{r2}"), star(label));
                    push(format!("n{r2}"), label);
                }
            }
            if matches!(c0, b'l' | b'r' | b'w' | b'y' | b'm' | b'n') {
                push(r.to_string(), label);
            }
        }
    }
    // chat: ngirim, ngecek, nyapu, nyuci
    if let Some(r) = w.strip_prefix("ng") {
        let c = first(r);
        if is_vowel(c) {
            push(r.to_string(), "ng");
            push(format!("k{r}"), "ng*");
        }
        if let Some(r2) = r.strip_prefix('e') {
            if !is_vowel(first(r2)) {
                push(r2.to_string(), "ng");
            }
        }
    }
    if let Some(r) = w.strip_prefix("ny") {
        if is_vowel(first(r)) {
            push(format!("s{r}"), "ny*");
            push(format!("c{r}"), "ny*");
        }
    }
    for (s, p) in found {
        let mut ch = String::with_capacity(chain.len() + p.len() + 1);
        ch.push_str(chain);
        ch.push_str(p);
        ch.push('-');
        // confixes Indonesian does not have (as in Sastrawi): be-…-i, di-…-an, ke-…-i, ke-…-kan,
        // me-…-an, se-…-i, se-…-kan, te-…-an
        let first = ch.split('-').next().unwrap_or("").trim_end_matches('*');
        let bad = matches!(
            (first, suffix),
            ("ber", "i")
                | ("di", "an")
                | ("ke", "i")
                | ("ke", "kan")
                | ("me", "an")
                | ("se", "i")
                | ("se", "kan")
                | ("ter", "an")
        );
        if bad {
            continue;
        }
        emit(&s, &ch, suffix, f, sig);
        strip_prefixes(&s, &ch, suffix, depth + 1, f, sig);
    }
}

/// A prefix label marked as having changed the root's first letter (`meny-` + `apu` → `sapu`).
fn star(label: &'static str) -> &'static str {
    match label {
        "me" => "me*",
        "pe" => "pe*",
        _ => label,
    }
}

/// The shortest root of `w` that `known` accepts, or `None` when no stripping reaches one. Of two
/// equally short roots, the one reached without changing a letter wins (`memohon` is `mohon`,
/// not `pohon`).
pub(crate) fn stem(w: &str, known: &dyn Fn(&str) -> bool) -> Option<String> {
    let mut best: Option<(usize, usize, String)> = None;
    candidates(w, &mut |c, sig| {
        if c == w || !known(c) {
            return;
        }
        let key = (c.len(), sig.matches('*').count());
        if best.as_ref().is_none_or(|(l, s, _)| key < (*l, *s)) {
            best = Some((key.0, key.1, c.to_string()));
        }
    });
    best.map(|(_, _, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn st(w: &str, dict: &[&str]) -> String {
        stem(w, &|c| dict.contains(&c)).unwrap_or_else(|| w.to_string())
    }

    #[test]
    fn strips_confixes_down_to_a_known_root() {
        let d = [
            "baik", "jalan", "rumah", "padam", "sapu", "kirim", "tulis", "pakai", "sehat",
            "lubang", "terang", "pangkas", "bersih", "camat", "ajar", "obat", "sampah", "cek",
            "hubung", "mohon", "pohon", "beri", "ikan",
        ];
        for (w, r) in [
            ("perbaikan", "baik"),
            ("diperbaiki", "baik"),
            ("jalanan", "jalan"),
            ("jalan", "jalan"),
            ("perumahan", "rumah"),
            ("pemadaman", "padam"),
            ("menyapu", "sapu"),
            ("mengirimkan", "kirim"),
            ("menulis", "tulis"),
            ("memakai", "pakai"),
            ("kesehatan", "sehat"),
            ("berlubang", "lubang"),
            ("penerangan", "terang"),
            ("pemangkasan", "pangkas"),
            ("kebersihannya", "bersih"),
            ("kecamatan", "camat"),
            ("belajar", "ajar"),
            ("berobat", "obat"),
            ("sampahnya", "sampah"),
            ("ngecek", "cek"),
            ("memohon", "mohon"),
            ("memberikan", "beri"),
            ("diberikan", "beri"),
            ("perhubungan", "hubung"),
            ("sekolah", "sekolah"),
        ] {
            assert_eq!(st(w, &d), r, "{w}");
        }
    }
}
