//! Indonesian text for seeded reports: titles and stories built from each category's own
//! description (its comma-separated problems: "Jalan berlubang, aspal mengelupas, …"), a place in
//! Natuna, and the sentences citizens add around a complaint. Enough variety that a search finds
//! a realistic share of reports (`?q=jalan` finds road reports, street lights, and the many
//! stories that say where on which road the problem is), never one repeated string.

use domain::catalog::{Category, Region};
use domain::ReportType;
use rand::seq::SliceRandom;
use rand::Rng;

const OPENERS: &[&str] = &[
    "Assalamualaikum.",
    "Selamat pagi Bapak/Ibu.",
    "Selamat siang.",
    "Dengan hormat,",
    "Izin melapor.",
    "Mohon maaf mengganggu.",
    "Kepada dinas terkait,",
    "Salam sejahtera.",
];

const LANDMARKS: &[&str] = &[
    "masjid",
    "pasar",
    "pelabuhan",
    "puskesmas",
    "kantor desa",
    "simpang tiga",
    "dermaga",
    "lapangan bola",
    "gereja",
    "pantai",
    "SD Negeri 1",
    "SMP Negeri 2",
    "balai desa",
    "pos kamling",
    "tempat pelelangan ikan",
    "kebun warga",
];

/// Streets of Ranai and the villages, for "di jalan …" places.
const STREETS: &[&str] = &[
    "Jalan Datuk Kaya Wan Mohammad Benteng",
    "Jalan Soekarno-Hatta",
    "Jalan Pramuka",
    "Jalan Yos Sudarso",
    "Jalan Batu Sisir",
    "Jalan Hang Tuah",
    "jalan lingkar",
    "jalan menuju pelabuhan",
    "jalan menuju bandara",
    "jalan desa",
];

const DURATIONS: &[&str] = &[
    "Kondisi ini sudah berlangsung {n} minggu.",
    "Sudah {n} bulan belum ada perbaikan.",
    "Masalah ini sudah {n} kali kami sampaikan ke desa.",
    "Sejak {n} bulan lalu belum ada tindakan.",
    "Sudah hampir {n} tahun seperti ini.",
    "Baru terjadi {n} hari yang lalu.",
];

const IMPACTS: &[&str] = &[
    "Warga sangat terganggu.",
    "Anak-anak sekolah ikut terdampak.",
    "Kalau malam hari sangat berbahaya.",
    "Nelayan dan warga sekitar kesulitan.",
    "Kami khawatir terjadi kecelakaan.",
    "Orang tua dan lansia paling merasakan dampaknya.",
    "Kegiatan ekonomi warga terganggu.",
    "Sudah ada warga yang dirugikan.",
    "Pengguna motor sering terjatuh.",
    "Kalau hujan keadaan makin parah.",
];

const REQUESTS: &[&str] = &[
    "Mohon segera ditindaklanjuti.",
    "Mohon perhatian dinas terkait.",
    "Kami berharap ada perbaikan secepatnya.",
    "Mohon dicek ke lapangan.",
    "Terima kasih atas perhatiannya.",
    "Mohon kejelasan kapan akan ditangani.",
    "Kami siap membantu jika diperlukan.",
];

const FIRST_NAMES: &[&str] = &[
    "Siti",
    "Ahmad",
    "Nur",
    "Muhammad",
    "Dewi",
    "Rudi",
    "Hasan",
    "Aminah",
    "Yusuf",
    "Fatimah",
    "Budi",
    "Rina",
    "Zulkifli",
    "Herman",
    "Sri",
    "Agus",
    "Maimunah",
    "Rahmat",
    "Aisyah",
    "Syahrul",
    "Wati",
    "Junaidi",
    "Mariani",
    "Iskandar",
    "Nurhayati",
    "Samsul",
    "Lina",
    "Hendra",
];

const LAST_NAMES: &[&str] = &[
    "Aminah",
    "Hidayat",
    "Saputra",
    "Lestari",
    "Rahman",
    "Harahap",
    "Siregar",
    "Wijaya",
    "Yusuf",
    "Abdullah",
    "Hamid",
    "Syahputra",
    "Pratama",
    "Kurniawan",
    "Ismail",
    "Daud",
    "Sulaiman",
];

/// The problems a category's description lists ("Jalan berlubang", "aspal mengelupas", …).
pub fn problems(c: &Category) -> Vec<String> {
    c.description
        .id
        .split([',', '.', ';'])
        .map(str::trim)
        .filter(|s| s.chars().count() >= 4)
        .map(String::from)
        .collect()
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

/// At most `max` characters, cut at a word.
fn fit(s: String, max: usize) -> String {
    if s.chars().count() <= max {
        return s;
    }
    let cut: String = s.chars().take(max).collect();
    match cut.rfind(' ') {
        Some(i) => cut[..i].trim_end_matches([',', ':']).to_string(),
        None => cut,
    }
}

pub fn place_name(desa: &Region) -> String {
    match desa.kind {
        domain::catalog::RegionKind::Kelurahan => format!("Kelurahan {}", desa.name),
        _ => format!("Desa {}", desa.name),
    }
}

/// Where, in the words of the story: a village, a landmark, often a road.
fn place(rng: &mut impl Rng, desa: &Region, road: bool) -> String {
    let landmark = LANDMARKS.choose(rng).unwrap();
    if road || rng.gen_bool(0.15) {
        let street = STREETS.choose(rng).unwrap();
        format!("di {street}, {}", place_name(desa))
    } else if rng.gen_bool(0.5) {
        format!("dekat {landmark} {}", place_name(desa))
    } else {
        format!("di {}", place_name(desa))
    }
}

/// A report's title and story.
pub fn text(
    rng: &mut impl Rng,
    category: &Category,
    kind: ReportType,
    desa: &Region,
) -> (String, String) {
    let problems = problems(category);
    let problem = problems
        .choose(rng)
        .cloned()
        .unwrap_or_else(|| category.name.id.to_string());
    let keyword = category
        .keywords
        .choose(rng)
        .copied()
        .unwrap_or(category.name.id);
    let road = category.code == "jalan-rusak" && rng.gen_bool(0.6);
    let village = place_name(desa);
    let title = match (kind, rng.gen_range(0..6)) {
        (ReportType::Aspirasi, _) => {
            format!("Usulan warga {village}: {}", lower_first(&problem))
        }
        (ReportType::Informasi, n) if n < 3 => {
            format!("Pertanyaan tentang {}", lower_first(category.name.id))
        }
        (ReportType::Informasi, _) => format!("Mohon informasi {keyword} di {village}"),
        (_, 0) => format!("{} di {village}", capitalise(&problem)),
        (_, 1) => format!("{}, mohon segera ditangani", capitalise(&problem)),
        (_, 2) => format!("{} di {village}", category.name.id),
        (_, 3) => format!("Keluhan warga {village}: {}", lower_first(&problem)),
        (_, 4) => format!(
            "{} dekat {} {village}",
            capitalise(keyword),
            LANDMARKS.choose(rng).unwrap()
        ),
        _ => format!("Laporan {} {village}", lower_first(&problem)),
    };
    let mut body: Vec<String> = Vec::new();
    if rng.gen_bool(0.3) {
        body.push(OPENERS.choose(rng).unwrap().to_string());
    }
    let here = place(rng, desa, road);
    body.push(match kind {
        ReportType::Aspirasi => format!(
            "Kami warga {village} mengusulkan perhatian untuk {} {here}.",
            lower_first(&problem)
        ),
        ReportType::Informasi => format!(
            "Kami ingin menanyakan soal {} {here}, ke mana warga harus mengurusnya?",
            lower_first(&problem)
        ),
        _ => match rng.gen_range(0..3) {
            0 => format!("{} {here}.", capitalise(&problem)),
            1 => format!(
                "Kami warga {village} melaporkan {} {here}.",
                lower_first(&problem)
            ),
            _ => format!("Ada masalah {keyword} {here}: {}.", lower_first(&problem)),
        },
    });
    if rng.gen_bool(0.6) {
        let d = DURATIONS.choose(rng).unwrap();
        body.push(d.replace("{n}", &rng.gen_range(2..12).to_string()));
    }
    if rng.gen_bool(0.6) {
        body.push(IMPACTS.choose(rng).unwrap().to_string());
    }
    if rng.gen_bool(0.25) {
        // A second problem of the same kind, as people often add.
        if let Some(p) = problems.choose(rng) {
            body.push(format!("Selain itu {}.", lower_first(p)));
        }
    }
    body.push(REQUESTS.choose(rng).unwrap().to_string());
    (
        fit(title, domain::report::TITLE_MAX),
        fit(body.join(" "), domain::report::BODY_MAX),
    )
}

pub fn person(rng: &mut impl Rng) -> (String, String, Option<String>) {
    let first = FIRST_NAMES.choose(rng).unwrap();
    let last = LAST_NAMES.choose(rng).unwrap();
    let phone = format!(
        "08{}{:08}",
        rng.gen_range(11..=59),
        rng.gen_range(0..100_000_000u32)
    );
    let email = rng.gen_bool(0.4).then(|| {
        format!(
            "{}.{}{}@contoh.id",
            first.to_lowercase(),
            last.to_lowercase(),
            rng.gen_range(1..99)
        )
    });
    (format!("{first} {last}"), phone, email)
}

pub fn location_detail(rng: &mut impl Rng) -> String {
    format!(
        "RT {:03}/RW {:03}, dekat {}",
        rng.gen_range(1..12),
        rng.gen_range(1..5),
        LANDMARKS.choose(rng).unwrap()
    )
}

pub const ANSWERS: &[&str] = &[
    "Terima kasih atas laporannya. Tim Seksi Pemeliharaan sudah turun ke lokasi pada Senin dan perbaikan dijadwalkan minggu ini.",
    "Petugas UPT kami telah memperbaiki kerusakan tersebut pada 3 Desember 2026.",
    "Seksi Pelayanan sudah berkoordinasi dengan pemerintah desa; penanganan dianggarkan dalam APBD 2027.",
    "Bidang Pemeliharaan sudah memeriksa lokasi hari ini. Perbaikan sementara sudah dilakukan, perbaikan permanen dalam 14 hari kerja.",
    "Seksi Pelayanan telah menjelaskan informasi yang diminta kepada pelapor melalui telepon pada Selasa, 1 Desember 2026.",
];

pub const REOPEN_REASONS: &[&str] = &[
    "Belum ada perbaikan di lapangan, kondisinya masih sama.",
    "Perbaikannya hanya sebagian, masih ada yang rusak.",
    "Jawaban tidak sesuai dengan yang kami laporkan.",
];

pub const REJECT_REASONS: &[&str] = &[
    "Laporan tidak memuat informasi yang cukup untuk ditindaklanjuti.",
    "Isi laporan bukan pengaduan pelayanan publik.",
    "Laporan berisi kata-kata yang tidak pantas.",
];

pub const RATING_COMMENTS: &[&str] = &[
    "Terima kasih, cepat ditangani.",
    "Sudah diperbaiki, semoga awet.",
    "Lumayan, walau agak lama.",
    "Penanganannya kurang memuaskan.",
];
