//! From text as citizens type it to the words the model reads: lower case, accents and
//! punctuation gone, repeated letters squeezed (`parahhh` → `parah`), reduplication written with
//! a 2 undone (`anak2` → `anak`), chat abbreviations expanded (`jln` → `jalan`, `puskes` →
//! `puskesmas`), and words that say nothing about the topic dropped: function words, greetings,
//! and Natuna's place names (a complaint about Ranai is not about any one topic).

use super::FxSet;

/// Splits `text` into lower-case ASCII words. Latin letters with accents lose them, apostrophes join
/// (`jum'at` → `jumat`), anything else that is not a letter or digit separates words.
pub(crate) fn words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    for ch in text.chars() {
        if ch.is_ascii_alphanumeric() {
            cur.push(ch.to_ascii_lowercase());
        } else if ch == '\'' || ch == '\u{2019}' || ch == '`' {
            // jum'at, masa' : part of the word
        } else if let Some(base) = fold(ch) {
            cur.push(base);
        } else if !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// The base letter of an accented Latin letter (`é` → `e`), lower case; `None` for anything else.
/// A table rather than Unicode decomposition: it is all Indonesian text needs, and the full
/// compatibility tables would weigh more in the wasm than the whole model.
fn fold(ch: char) -> Option<char> {
    const LATIN1: &[u8; 64] = b"aaaaaaaceeeeiiiidnooooo ouuuuytsaaaaaaaceeeeiiiidnooooo ouuuuyty";
    const EXT_A: &[u8; 128] = b"aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiiiiijjkkkllllllllllnnnnnnnnnoooooooorrrrrrsssssssstttt  uuuuuuuuuuuuwwyyyzzzzzzs";
    let c = ch as u32;
    let b = match c {
        0xC0..=0xFF => LATIN1[(c - 0xC0) as usize],
        0x100..=0x17F => EXT_A[(c - 0x100) as usize],
        _ => b' ',
    };
    (b != b' ').then_some(b as char)
}

/// `parahhh` → `parah`, `bangettt` → `banget`: a letter typed three or more times in a row counts
/// once. Doubled letters stay (`saat`, `maaf`); see [`undouble`] for those.
pub(crate) fn squeeze(word: &str) -> String {
    let b = word.as_bytes();
    let mut out = String::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let mut j = i;
        while j < b.len() && b[j] == b[i] {
            j += 1;
        }
        let run = j - i;
        let keep = if run >= 3 && b[i].is_ascii_alphabetic() {
            1
        } else {
            run
        };
        for _ in 0..keep {
            out.push(b[i] as char);
        }
        i = j;
    }
    out
}

/// Every doubled letter once (`lampuu` → `lampu`): tried only for words the model does not know.
pub(crate) fn undouble(word: &str) -> Option<String> {
    let b = word.as_bytes();
    let mut out = String::with_capacity(b.len());
    let mut changed = false;
    for (i, &c) in b.iter().enumerate() {
        if i > 0 && b[i - 1] == c && c.is_ascii_alphabetic() {
            changed = true;
            continue;
        }
        out.push(c as char);
    }
    changed.then_some(out)
}

/// Chat spellings and abbreviations, and the word(s) they stand for. Function words that end up in
/// [`STOPWORDS`] anyway need no entry unless their short form is ambiguous.
const SLANG: &[(&str, &str)] = &[
    // roads and public works
    ("jln", "jalan"),
    ("jaln", "jalan"),
    ("jlan", "jalan"),
    ("jalanan", "jalan"),
    ("lmpu", "lampu"),
    ("lampuu", "lampu"),
    ("sluran", "saluran"),
    ("slokan", "selokan"),
    ("grong", "gorong"),
    ("jembtn", "jembatan"),
    ("jmbtn", "jembatan"),
    ("aspl", "aspal"),
    ("brlubang", "berlubang"),
    ("bolong", "berlubang"),
    ("bolong2", "berlubang"),
    ("smpah", "sampah"),
    ("sampa", "sampah"),
    ("lstrik", "listrik"),
    ("listrk", "listrik"),
    ("sinyl", "sinyal"),
    ("signal", "sinyal"),
    ("internt", "internet"),
    ("inet", "internet"),
    ("wifi", "wifi"),
    ("wi", "wi"),
    // health
    ("puskes", "puskesmas"),
    ("pkm", "puskesmas"),
    ("rsu", "rsud"),
    ("rumkit", "rumah sakit"),
    ("dokternya", "dokter"),
    ("nakes", "nakes"),
    ("obt", "obat"),
    ("apotik", "apotek"),
    // papers
    ("ektp", "ktp"),
    ("e", "e"),
    ("akte", "akta"),
    ("aktenya", "akta"),
    ("kartu", "kartu"),
    ("ijin", "izin"),
    ("perijinan", "perizinan"),
    ("ijazah", "ijazah"),
    ("sklh", "sekolah"),
    ("sekolh", "sekolah"),
    ("skolah", "sekolah"),
    ("skul", "sekolah"),
    ("sekul", "sekolah"),
    ("smpn", "smp"),
    ("sdn", "sd"),
    ("sman", "sma"),
    ("smkn", "smk"),
    ("ortu", "orang tua"),
    ("hp", "hp"),
    ("handphone", "hp"),
    ("kmr", "kamar"),
    ("rmh", "rumah"),
    ("rumh", "rumah"),
    ("kmpung", "kampung"),
    ("kampong", "kampung"),
    ("pmrintah", "pemerintah"),
    ("pemkab", "pemkab"),
    ("pemda", "pemda"),
    ("pesawt", "pesawat"),
    ("pswt", "pesawat"),
    ("spedboat", "speedboat"),
    ("spidbot", "speedboat"),
    ("speedbot", "speedboat"),
    ("pompong", "pompong"),
    ("bnjir", "banjir"),
    ("banjr", "banjir"),
    ("pju", "pju"),
    ("bpjs", "bpjs"),
    ("bansos", "bansos"),
    ("blt", "blt"),
    ("thn", "tahun"),
    ("bln", "bulan"),
    ("mgg", "minggu"),
    ("org", "orang"),
    ("anak2", "anak"),
];

/// Words that carry no topic: function words, chat fillers, greetings, forms of address and
/// the filler of addresses. Matched after [`SLANG`].
#[rustfmt::skip]
const STOPWORDS: &[&str] = &[
    "yang", "yg", "yng", "dan", "dn", "atau", "ato", "atw", "di", "d", "ke", "k", "dari", "dr",
    "dri", "pada", "pd", "kepada", "kpd", "dengan", "dgn", "dg", "dng", "untuk", "utk", "untk", "u",
    "buat", "bwt", "bt", "ini", "itu", "tsb", "tersebut", "tsb", "ada", "adanya", "tidak", "tdk",
    "tdak", "tak", "gak", "ga", "gk", "g", "nggak", "ngga", "ngak", "nggk", "enggak", "engga",
    "kagak", "ndak", "nda", "ndk", "gx", "bukan", "bkn", "belum", "blm", "blom", "belom", "sudah",
    "sdh", "sdah", "udh", "udah", "dah", "sudh", "uda", "telah", "tlh", "akan", "akn", "mau", "mo",
    "ingin", "pengen", "pingin", "pgn", "bisa", "bs", "bsa", "dapat", "dpt", "harus", "hrs",
    "mesti", "masih", "msh", "masi", "lagi", "lg", "lgi", "juga", "jg", "jga", "saja", "aja", "aj",
    "sj", "hanya", "cuma", "cm", "cuman", "sangat", "sgt", "banget", "bgt", "bngt", "bgtt",
    "sekali", "skali", "amat", "terus", "trs", "trus", "tetap", "ttp", "tetep", "karena", "krn",
    "krna", "karna", "krena", "soalnya", "sebab", "tapi", "tp", "tpi", "tetapi", "namun", "tapinya",
    "kalau", "klo", "kalo", "klu", "kl", "jika", "jikalau", "apabila", "bila", "agar", "supaya",
    "spy", "biar", "sehingga", "shg", "hingga", "sampai", "sampe", "smp2", "sejak", "sjk", "selama",
    "slama", "sedang", "sdg", "lagi", "sekarang", "skrg", "skrng", "skr", "kemarin", "kmrn",
    "kemaren", "besok", "tadi", "td", "nanti", "ntar", "nti", "dulu", "dlu", "pernah", "prnh",
    "sering", "srg", "selalu", "slalu", "kadang", "kadang2", "seperti", "spt", "sprti", "kayak",
    "kyk", "kek", "bagai", "sebagai", "sbg", "dalam", "dlm", "luar", "atas", "bawah", "depan",
    "dpn", "belakang", "blkg", "samping", "sebelah", "dekat", "dkt", "deket", "sekitar", "skitar",
    "sekitarnya", "antara", "oleh", "olh", "tentang", "ttg", "mengenai", "terkait", "trkait",
    "soal", "hal", "apa", "ap", "apakah", "apa2", "siapa", "mana", "dimana", "dmn", "kemana", "kmn",
    "darimana", "kapan", "kpn", "bagaimana", "gimana", "gmn", "bgmn", "gmana", "mengapa", "kenapa",
    "knp", "napa", "berapa", "brp", "brapa", "ya", "yah", "iya", "y", "dong", "donk", "deh", "sih",
    "si", "kok", "kog", "koq", "nih", "tuh", "loh", "lho", "lo", "kah", "lah", "pun", "nah", "wah",
    "eh", "ah", "oh", "nya", "pula", "para", "sang", "se", "per", "tiap", "setiap", "stiap",
    "semua", "smua", "seluruh", "banyak", "byk", "bnyk", "bnyak", "sedikit", "dikit", "beberapa",
    "bbrp", "lain", "lainnya", "laen", "sama", "sm", "saat", "pas", "waktu", "wkt", "ketika", "ktk",
    "sewaktu", "setelah", "stlh", "sesudah", "sebelum", "sblm", "sblum", "lalu", "kemudian", "trus",
    "lantas", "serta", "pula", "bahwa", "bhw", "yaitu", "yakni", "adalah", "merupakan", "ialah",
    "jadi", "jd", "jdi", "maka", "mk", "pun", "toh", "malah", "justru", "bahkan", "padahal", "pdhl",
    "pdhal", "walaupun", "walau", "meskipun", "meski", "sudahkah", "belumkah", "apakah", "makin",
    "semakin", "lebih", "lbh", "kurang", "krg", "paling", "plg", "cukup", "agak", "sekali2",
    "mohon", "mhn", "mohonn", "tolong", "tlg", "tolongg", "minta", "mnt", "meminta", "harap", "hrp",
    "berharap", "semoga", "smoga", "moga", "segera", "sgr", "secepatnya", "cepat", "terima",
    "kasih", "makasih", "trimakasih", "terimakasih", "trims", "tq", "thanks", "thx", "maaf", "mf",
    "mohon", "permisi", "assalamualaikum", "assalamu", "alaikum", "assalamualaikum",
    "asslamualaikum", "assalamu'alaikum", "ass", "wr", "wb", "wassalam", "salam", "selamat", "slmt",
    "pagi", "siang", "sore", "hormat", "dengan", "yth", "kpd", "bapak", "bpk", "pak", "ibu", "bu",
    "ibuk", "bapak2", "ibu2", "mas", "mbak", "mba", "kak", "kakak", "bang", "abang", "dik", "adik",
    "cak", "ning", "min", "admin", "mimin", "om", "tante", "saya", "sy", "saia", "aku", "ak", "gue",
    "gw", "gua", "kami", "kmi", "km", "kita", "kt", "anda", "kamu", "kalian", "dia", "dy", "ia",
    "beliau", "mereka", "mrk", "mereka2", "sendiri", "sndiri", "punya", "pny", "milik", "orang",
    "org", "warga", "wrg", "masyarakat", "msyarakat", "masy", "tahun", "thn", "th", "bulan", "bln",
    "minggu", "mgg", "hari", "hr", "jam", "menit", "tanggal", "tgl", "kali", "x", "no", "nomor",
    "nomer", "nmr", "telepon", "telpon", "email", "rt", "rw", "kel", "kec", "kab", "kota", "gg",
    "gang", "blok", "blk", "jl", "jalan2", "provinsi", "prov", "alamat", "almt", "lokasi", "lok",
    "tempat", "tmpt", "daerah", "wilayah", "kawasan", "area", "satu", "dua", "tiga", "empat",
    "lima", "enam", "tujuh", "delapan", "sembilan", "sepuluh", "puluh", "ratus", "ribu", "juta",
    "rb", "jt", "pertama", "kedua", "ketiga", "mengadu", "pengaduan", "aduan", "laporan", "lapor",
    "melapor", "melaporkan", "keluhan", "mengeluh", "menyampaikan", "sampaikan", "info",
    "informasikan", "mohon", "tindak", "lanjut", "ditindaklanjuti", "tindaklanjut", "tindaklanjuti",
    "respon", "respons", "direspon", "ditanggapi", "tanggapan", "solusi", "segera", "perhatian",
    "diperhatikan", "surabaya", "sby", "suroboyo", "natuna", "walikota", "wali", "cak", "eri",
    "cahyadi", "ericahyadi", "pemkot", "nama", "an", "a", "n", "s", "o", "de", "t", "b", "c", "f",
    "h", "i", "j", "l", "m", "p", "q", "r", "v", "w", "z", "dll", "dsb", "dst", "etc", "ok", "oke",
    "okey", "hehe", "wkwk", "haha", "gt", "gitu", "gini", "begitu", "begini", "bgitu", "demikian",
    "sekian", "tersebut",
];

/// Natuna's places that are not also topic words: the Kemendagri region names (from the catalog)
/// are added to these at start-up, less any word a category's keywords use (`air`, `laut`...).
#[rustfmt::skip]
const PLACES: &[&str] = &[
    "natuna", "ranai", "sedanau", "midai", "serasan", "bunguran", "selat", "lampa", "penagi",
    "subi", "batubi", "tambelan", "anambas", "batam", "tanjungpinang", "tanjung", "pinang", "kepri",
    "riau", "jakarta", "pontianak", "singapura", "tarempa", "kelarik", "cemaga", "sepempang",
    "pelimpak", "tapau", "sabang", "mawang", "binjai", "pian", "piantengah", "selaut", "setengar",
    "singgang",
];

/// The words the model never reads: stopwords and places.
pub(crate) struct Filter {
    stop: FxSet<&'static str>,
    places: FxSet<String>,
}

impl Filter {
    /// `topic_words` are the words of the catalog's keywords: a place name that is also one of
    /// them (`air` in Air Putih, `laut` in Pulau Laut) stays a topic word.
    pub(crate) fn new<'a>(
        region_names: impl Iterator<Item = &'a str>,
        topic_words: &FxSet<String>,
    ) -> Filter {
        let stop: FxSet<&'static str> = STOPWORDS.iter().copied().collect();
        let mut places: FxSet<String> = PLACES.iter().map(|s| s.to_string()).collect();
        for name in region_names {
            for w in words(name) {
                if w.len() >= 3 && !topic_words.contains(&w) && !stop.contains(w.as_str()) {
                    places.insert(w);
                }
            }
        }
        Filter { stop, places }
    }

    pub(crate) fn skips(&self, w: &str) -> bool {
        self.stop.contains(w) || self.places.contains(w)
    }

    pub(crate) fn is_stopword(&self, w: &str) -> bool {
        self.stop.contains(w)
    }

    pub(crate) fn is_place(&self, w: &str) -> bool {
        self.places.contains(w)
    }
}

/// A function word, greeting or form of address ([`STOPWORDS`]).
pub(crate) fn is_stopword(w: &str) -> bool {
    STOPWORDS.contains(&w)
}

/// The expansion of a chat spelling, if it is one.
pub(crate) fn slang(w: &str) -> Option<&'static str> {
    static MAP: std::sync::OnceLock<super::FxMap<&str, &str>> = std::sync::OnceLock::new();
    MAP.get_or_init(|| SLANG.iter().copied().collect())
        .get(w)
        .copied()
}

/// A word as typed, cleaned: squeezed, `anak2` → `anak`, numbers dropped (`None`), and split
/// through [`SLANG`] into one or more words.
pub(crate) fn clean(w: &str, out: &mut Vec<String>) {
    if w.bytes().all(|b| b.is_ascii_digit()) {
        return;
    }
    let mut w = squeeze(w);
    // anak2, malam2: reduplication written with a 2
    if w.len() >= 4 && w.ends_with('2') && w[..w.len() - 1].bytes().all(|b| b.is_ascii_alphabetic())
    {
        w.pop();
    }
    match slang(&w) {
        Some(rep) => out.extend(rep.split(' ').map(str::to_string)),
        None => out.push(w),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_split_on_punctuation_and_drop_accents() {
        assert_eq!(
            words("Jl.Mulyorejo,RT 04/RW 03"),
            ["jl", "mulyorejo", "rt", "04", "rw", "03"]
        );
        assert_eq!(words("ktp-el Jum'at café"), ["ktp", "el", "jumat", "cafe"]);
    }

    #[test]
    fn repeated_letters_count_once() {
        assert_eq!(squeeze("parahhh"), "parah");
        assert_eq!(squeeze("maaf"), "maaf");
        assert_eq!(undouble("lampuu").as_deref(), Some("lampu"));
    }

    #[test]
    fn cleaning_expands_chat_spellings() {
        let mut v = Vec::new();
        for w in ["jln", "anak2", "2023", "puskes"] {
            clean(w, &mut v);
        }
        assert_eq!(v, ["jalan", "anak", "puskesmas"]);
    }
}
