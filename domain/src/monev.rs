//! The figures of monitoring and evaluation (monev), each with its one definition and a plain
//! explanation: the public statistics page, the officers' monev, the exports and the home page
//! all count with these. A report contributes its `Facts`; a set of reports is a `Tally`; a
//! tally reads as `Figure`s.

use crate::deadline::{FOLLOW_UP_WORKING_DAYS, VERIFY_WORKING_DAYS};
use crate::text::{fmt_fixed, fmt_num};
use crate::Lang;
use serde::{Deserialize, Serialize};

/// Working days to an answer are counted up to this; later answers count here.
pub const DAYS_MAX: usize = 30;

/// What one report adds to the figures, from its stored timeline.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Facts {
    /// Not yet finished, rejected, merged or referred elsewhere.
    pub open: bool,
    /// Verified, and whether within the verification deadline.
    pub verified_on_time: Option<bool>,
    /// Routed to a unit at least once.
    pub routed: bool,
    /// Rerouted, or returned to the coordinator as the wrong unit, at least once.
    pub misrouted: bool,
    /// First answered: within the follow-up deadline, and after how many working days.
    pub answered: Option<(bool, u32)>,
    /// Reopened by the reporter at least once.
    pub reopened: bool,
    pub finished: bool,
    pub not_authority: bool,
    pub rating: Option<u8>,
    /// Answered at least once although the answer check found a part missing.
    pub normative_answer: bool,
    /// Asked the follow-up question after finishing, and the reply (`Some(true)`: actually
    /// fixed; `Some(false)`: not fixed).
    pub followed_up: bool,
    pub fixed: Option<bool>,
}

/// The figures of a set of reports, as counts (they add up).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Tally {
    pub received: u64,
    pub open: u64,
    pub verified: u64,
    pub verified_on_time: u64,
    pub routed: u64,
    pub misrouted: u64,
    pub answered: u64,
    pub answered_on_time: u64,
    pub reopened: u64,
    pub finished: u64,
    pub not_authority: u64,
    pub rating_sum: u64,
    pub rating_count: u64,
    /// Reports answered at least once without action, unit or time (`answer::AnswerCheck`).
    pub normative: u64,
    /// Reporters asked the follow-up question, those who said it is actually fixed, and those
    /// who said it is not (unresolved after the answer).
    pub followups: u64,
    pub fixed: u64,
    pub unresolved: u64,
    /// Reports first answered after 0, 1, … `DAYS_MAX` (or more) working days.
    pub answer_days: Vec<u64>,
}

impl Default for Tally {
    fn default() -> Tally {
        Tally {
            received: 0,
            open: 0,
            verified: 0,
            verified_on_time: 0,
            routed: 0,
            misrouted: 0,
            answered: 0,
            answered_on_time: 0,
            reopened: 0,
            finished: 0,
            not_authority: 0,
            rating_sum: 0,
            rating_count: 0,
            normative: 0,
            followups: 0,
            fixed: 0,
            unresolved: 0,
            answer_days: vec![0; DAYS_MAX + 1],
        }
    }
}

impl Tally {
    pub fn of(f: &Facts) -> Tally {
        let b = |x: bool| u64::from(x);
        let mut t = Tally {
            received: 1,
            open: b(f.open),
            verified: b(f.verified_on_time.is_some()),
            verified_on_time: b(f.verified_on_time == Some(true)),
            routed: b(f.routed),
            misrouted: b(f.misrouted),
            answered: b(f.answered.is_some()),
            answered_on_time: b(f.answered.is_some_and(|a| a.0)),
            reopened: b(f.reopened),
            finished: b(f.finished),
            not_authority: b(f.not_authority),
            rating_sum: f.rating.map(u64::from).unwrap_or(0),
            rating_count: b(f.rating.is_some()),
            normative: b(f.normative_answer),
            followups: b(f.followed_up),
            fixed: b(f.fixed == Some(true)),
            unresolved: b(f.fixed == Some(false)),
            ..Default::default()
        };
        if let Some((_, days)) = f.answered {
            t.answer_days[(days as usize).min(DAYS_MAX)] = 1;
        }
        t
    }

    pub fn add(&mut self, o: &Tally) {
        self.received += o.received;
        self.open += o.open;
        self.verified += o.verified;
        self.verified_on_time += o.verified_on_time;
        self.routed += o.routed;
        self.misrouted += o.misrouted;
        self.answered += o.answered;
        self.answered_on_time += o.answered_on_time;
        self.reopened += o.reopened;
        self.finished += o.finished;
        self.not_authority += o.not_authority;
        self.rating_sum += o.rating_sum;
        self.rating_count += o.rating_count;
        self.normative += o.normative;
        self.followups += o.followups;
        self.fixed += o.fixed;
        self.unresolved += o.unresolved;
        for (a, b) in self.answer_days.iter_mut().zip(&o.answer_days) {
            *a += b;
        }
    }

    /// The median of the working days to a first answer (the lower middle of an even count).
    pub fn median_answer_days(&self) -> Option<u32> {
        let n: u64 = self.answer_days.iter().sum();
        if n == 0 {
            return None;
        }
        let mid = n.div_ceil(2);
        let mut seen = 0;
        for (d, c) in self.answer_days.iter().enumerate() {
            seen += c;
            if seen >= mid {
                return Some(d as u32);
            }
        }
        None
    }

    pub fn rating_mean(&self) -> Option<f64> {
        (self.rating_count > 0).then(|| self.rating_sum as f64 / self.rating_count as f64)
    }
}

/// `n` of `of` as a percentage with one decimal; none of nothing.
pub fn percent(n: u64, of: u64) -> Option<f64> {
    (of > 0).then(|| (n as f64 * 1000.0 / of as f64).round() / 10.0)
}

/// "87,5%" / "87.5%".
pub fn percent_text(p: f64, lang: Lang) -> String {
    format!(
        "{}%",
        fmt_fixed(p, 1).replace('.', if lang == Lang::Id { "," } else { "." })
    )
}

/// One figure's name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum FigureKey {
    Received,
    VerifiedOnTime,
    AnsweredOnTime,
    MedianAnswerDays,
    OverdueNow,
    Misrouted,
    Reopened,
    Rating,
    NotAuthority,
    NormativeAnswers,
    ActuallyFixed,
}

impl FigureKey {
    pub const ALL: [FigureKey; 11] = [
        FigureKey::Received,
        FigureKey::VerifiedOnTime,
        FigureKey::AnsweredOnTime,
        FigureKey::MedianAnswerDays,
        FigureKey::OverdueNow,
        FigureKey::Misrouted,
        FigureKey::Reopened,
        FigureKey::Rating,
        FigureKey::NotAuthority,
        FigureKey::NormativeAnswers,
        FigureKey::ActuallyFixed,
    ];

    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (FigureKey::Received, Lang::Id) => "Laporan masuk",
            (FigureKey::Received, Lang::En) => "Reports received",
            (FigureKey::VerifiedOnTime, Lang::Id) => "Diverifikasi tepat waktu",
            (FigureKey::VerifiedOnTime, Lang::En) => "Verified on time",
            (FigureKey::AnsweredOnTime, Lang::Id) => "Ditanggapi tepat waktu",
            (FigureKey::AnsweredOnTime, Lang::En) => "Answered on time",
            (FigureKey::MedianAnswerDays, Lang::Id) => "Median lama menanggapi",
            (FigureKey::MedianAnswerDays, Lang::En) => "Median time to answer",
            (FigureKey::OverdueNow, Lang::Id) => "Terlambat saat ini",
            (FigureKey::OverdueNow, Lang::En) => "Overdue now",
            (FigureKey::Misrouted, Lang::Id) => "Salah alamat (dialihkan/dikembalikan)",
            (FigureKey::Misrouted, Lang::En) => "Misrouted (passed on or returned)",
            (FigureKey::Reopened, Lang::Id) => "Dibuka kembali oleh pelapor",
            (FigureKey::Reopened, Lang::En) => "Reopened by the reporter",
            (FigureKey::Rating, Lang::Id) => "Penilaian pelapor",
            (FigureKey::Rating, Lang::En) => "Reporters' rating",
            (FigureKey::NotAuthority, Lang::Id) => "Bukan wewenang Pemkab",
            (FigureKey::NotAuthority, Lang::En) => "Not the regency's authority",
            (FigureKey::NormativeAnswers, Lang::Id) => "Jawaban normatif",
            (FigureKey::NormativeAnswers, Lang::En) => "Boilerplate answers",
            (FigureKey::ActuallyFixed, Lang::Id) => "Benar-benar selesai menurut pelapor",
            (FigureKey::ActuallyFixed, Lang::En) => "Actually fixed, say reporters",
        }
    }

    /// What the figure counts, in plain words.
    pub fn explain(self, lang: Lang) -> String {
        let v = VERIFY_WORKING_DAYS;
        let f = FOLLOW_UP_WORKING_DAYS;
        match (self, lang) {
            (FigureKey::Received, Lang::Id) => "Semua laporan yang masuk pada periode ini, termasuk laporan rahasia (yang hanya dihitung, tidak ditampilkan).".into(),
            (FigureKey::Received, Lang::En) => "Every report received in the period, confidential ones included (counted, never shown).".into(),
            (FigureKey::VerifiedOnTime, Lang::Id) => format!("Dari laporan yang sudah diverifikasi, bagian yang diverifikasi koordinator paling lambat {v} hari kerja setelah masuk."),
            (FigureKey::VerifiedOnTime, Lang::En) => format!("Of the verified reports, the share the coordinator verified within {v} working days of arrival."),
            (FigureKey::AnsweredOnTime, Lang::Id) => format!("Dari laporan yang sudah ditanggapi, bagian yang ditanggapi unit paling lambat {f} hari kerja setelah diteruskan kepadanya (tanggapan pertama)."),
            (FigureKey::AnsweredOnTime, Lang::En) => format!("Of the answered reports, the share the unit first answered within {f} working days of receiving it."),
            (FigureKey::MedianAnswerDays, Lang::Id) => "Separuh laporan yang ditanggapi mendapat tanggapan pertama dalam sebanyak ini hari kerja atau kurang, dihitung sejak diteruskan ke unit.".into(),
            (FigureKey::MedianAnswerDays, Lang::En) => "Half of the answered reports got their first answer within this many working days of reaching the unit.".into(),
            (FigureKey::OverdueNow, Lang::Id) => "Laporan yang masih terbuka dan sudah melewati batas waktu verifikasi atau tindak lanjut, hari ini.".into(),
            (FigureKey::OverdueNow, Lang::En) => "Open reports past their verification or follow-up deadline today.".into(),
            (FigureKey::Misrouted, Lang::Id) => "Dari laporan yang sudah diteruskan, bagian yang pernah dialihkan ke unit lain atau dikembalikan ke koordinator karena salah alamat.".into(),
            (FigureKey::Misrouted, Lang::En) => "Of the routed reports, the share that was passed to another unit or returned to the coordinator as the wrong unit at least once.".into(),
            (FigureKey::Reopened, Lang::Id) => "Dari laporan yang sudah ditanggapi, bagian yang dibuka kembali oleh pelapor karena masalahnya belum selesai.".into(),
            (FigureKey::Reopened, Lang::En) => "Of the answered reports, the share the reporter reopened because the problem was not solved.".into(),
            (FigureKey::Rating, Lang::Id) => "Rata-rata penilaian pelapor atas tanggapan (1 sampai 5) dan jumlah penilaian.".into(),
            (FigureKey::Rating, Lang::En) => "The reporters' mean rating of the answers (1 to 5) and how many rated.".into(),
            (FigureKey::NotAuthority, Lang::Id) => "Bagian laporan yang ternyata urusan instansi lain (provinsi, pusat, BUMN) dan diteruskan dengan petunjuk.".into(),
            (FigureKey::NotAuthority, Lang::En) => "The share of reports that belonged to another body (province, national, state company) and were referred with guidance.".into(),
            (FigureKey::NormativeAnswers, Lang::Id) => "Dari laporan yang sudah ditanggapi, bagian yang pernah dijawab tanpa menyebut tindakan, unit atau waktu (petugas mengirimnya dengan alasan yang dicatat).".into(),
            (FigureKey::NormativeAnswers, Lang::En) => "Of the answered reports, the share answered at least once without naming an action, a unit or a time (sent by an officer with a logged reason).".into(),
            (FigureKey::ActuallyFixed, Lang::Id) => "Dari pelapor yang ditanya setelah laporannya selesai (\"Apakah masalahnya benar-benar sudah selesai?\"), bagian yang menjawab sudah; yang belum menjawab tidak dihitung.".into(),
            (FigureKey::ActuallyFixed, Lang::En) => "Of the reporters asked after their report finished (\"Is the problem really solved?\"), the share who said yes; those who did not reply are not counted.".into(),
        }
    }
}

/// A figure as shown: its value (when there is one) and how it reads.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Figure {
    pub key: FigureKey,
    pub label: String,
    pub explain: String,
    /// A count, a percentage, a number of days or a mean rating; `None` when there is nothing to
    /// count yet.
    pub value: Option<f64>,
    /// "87,5%", "3 hari kerja", "4,2 (18 penilaian)", "—".
    pub text: String,
}

impl Tally {
    /// Every figure, in `FigureKey::ALL` order; `overdue` is counted live.
    pub fn figures(&self, overdue: u64, lang: Lang) -> Vec<Figure> {
        let pct = |v: Option<f64>| v.map(|p| percent_text(p, lang));
        FigureKey::ALL
            .iter()
            .map(|&key| {
                let (value, text) = match key {
                    FigureKey::Received => (
                        Some(self.received as f64),
                        Some(fmt_num(self.received, lang)),
                    ),
                    FigureKey::VerifiedOnTime => {
                        let p = percent(self.verified_on_time, self.verified);
                        (p, pct(p))
                    }
                    FigureKey::AnsweredOnTime => {
                        let p = percent(self.answered_on_time, self.answered);
                        (p, pct(p))
                    }
                    FigureKey::MedianAnswerDays => {
                        let d = self.median_answer_days();
                        let t = d.map(|d| match lang {
                            Lang::Id => format!("{d} hari kerja"),
                            Lang::En => format!("{d} working days"),
                        });
                        (d.map(f64::from), t)
                    }
                    FigureKey::OverdueNow => (Some(overdue as f64), Some(fmt_num(overdue, lang))),
                    FigureKey::Misrouted => {
                        let p = percent(self.misrouted, self.routed);
                        (p, pct(p))
                    }
                    FigureKey::Reopened => {
                        let p = percent(self.reopened, self.answered);
                        (p, pct(p))
                    }
                    FigureKey::Rating => {
                        let m = self.rating_mean();
                        let t = m.map(|m| {
                            let v = fmt_fixed(m, 1)
                                .replace('.', if lang == Lang::Id { "," } else { "." });
                            match lang {
                                Lang::Id => format!("{v} ({} penilaian)", self.rating_count),
                                Lang::En => format!("{v} ({} ratings)", self.rating_count),
                            }
                        });
                        (m, t)
                    }
                    FigureKey::NotAuthority => {
                        let p = percent(self.not_authority, self.received);
                        (p, pct(p))
                    }
                    FigureKey::NormativeAnswers => {
                        let p = percent(self.normative, self.answered);
                        (p, pct(p))
                    }
                    FigureKey::ActuallyFixed => {
                        let p = percent(self.fixed, self.fixed + self.unresolved);
                        (p, pct(p))
                    }
                };
                Figure {
                    key,
                    label: key.label(lang).to_string(),
                    explain: key.explain(lang),
                    value,
                    text: text.unwrap_or_else(|| "—".to_string()),
                }
            })
            .collect()
    }
}

/// A period the figures are shown for: a month, a quarter or a year (of arrival, WIB).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    Month(i32, u32),
    Quarter(i32, u32),
    Year(i32),
}

impl Period {
    /// "2026-11", "2026-Q4" or "2026".
    pub fn parse(s: &str) -> Option<Period> {
        let s = s.trim();
        if let Some((y, q)) = s.split_once("-Q").or_else(|| s.split_once("-q")) {
            let (y, q) = (y.parse().ok()?, q.parse().ok()?);
            return ((1..=4).contains(&q) && (2000..=2100).contains(&y))
                .then_some(Period::Quarter(y, q));
        }
        if let Some((y, m)) = s.split_once('-') {
            let (y, m) = (y.parse().ok()?, m.parse().ok()?);
            return ((1..=12).contains(&m) && (2000..=2100).contains(&y))
                .then_some(Period::Month(y, m));
        }
        let y = s.parse().ok()?;
        (2000..=2100).contains(&y).then_some(Period::Year(y))
    }

    pub fn code(self) -> String {
        match self {
            Period::Month(y, m) => format!("{y:04}-{m:02}"),
            Period::Quarter(y, q) => format!("{y:04}-Q{q}"),
            Period::Year(y) => format!("{y:04}"),
        }
    }

    /// The first and last month, "YYYY-MM".
    pub fn months(self) -> (String, String) {
        let (y, a, b) = match self {
            Period::Month(y, m) => (y, m, m),
            Period::Quarter(y, q) => (y, q * 3 - 2, q * 3),
            Period::Year(y) => (y, 1, 12),
        };
        (format!("{y:04}-{a:02}"), format!("{y:04}-{b:02}"))
    }

    /// The moments the period covers, `[from, to)` in Unix seconds: from the start of its first
    /// day to the start of the day after its last (WIB), for "reports received in the period".
    pub fn bounds(self) -> (i64, i64) {
        let (y, a, b) = match self {
            Period::Month(y, m) => (y, m, m),
            Period::Quarter(y, q) => (y, q * 3 - 2, q * 3),
            Period::Year(y) => (y, 1, 12),
        };
        let start = |y: i32, m: u32| {
            crate::Date::from_ymd(y, m, 1)
                .map(|d| d.add_days(-1).end_unix_wib())
                .unwrap_or(0)
        };
        let to = if b == 12 {
            start(y + 1, 1)
        } else {
            start(y, b + 1)
        };
        (start(y, a), to)
    }

    /// The year of `today`, its quarters and months so far, and the two years before: what a
    /// period chooser offers, newest first.
    pub fn recent(today: crate::Date) -> Vec<Period> {
        let (y, m, _) = today.ymd();
        let mut out = Vec::new();
        for year in [y, y - 1, y - 2] {
            out.push(Period::Year(year));
            let last_month = if year == y { m } else { 12 };
            for q in (1..=last_month.div_ceil(3)).rev() {
                out.push(Period::Quarter(year, q));
            }
            for mo in (1..=last_month).rev() {
                out.push(Period::Month(year, mo));
            }
        }
        out
    }

    pub fn label(self, lang: Lang) -> String {
        match (self, lang) {
            (Period::Month(y, m), _) => format!("{} {y}", crate::date::month_name(m, lang)),
            (Period::Quarter(y, q), Lang::Id) => format!("Triwulan {q} {y}"),
            (Period::Quarter(y, q), Lang::En) => format!("Quarter {q} {y}"),
            (Period::Year(y), Lang::Id) => format!("Tahun {y}"),
            (Period::Year(y), Lang::En) => format!("Year {y}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_read_back_and_cover_their_months() {
        for s in ["2026-11", "2026-Q4", "2026"] {
            assert_eq!(Period::parse(s).unwrap().code(), s);
        }
        assert_eq!(
            Period::parse("2026-Q2").unwrap().months(),
            ("2026-04".into(), "2026-06".into())
        );
        assert_eq!(
            Period::parse("2026").unwrap().months(),
            ("2026-01".into(), "2026-12".into())
        );
        assert!(
            Period::parse("2026-13").is_none()
                && Period::parse("2026-Q5").is_none()
                && Period::parse("abc").is_none()
        );
    }

    #[test]
    fn a_period_covers_its_days_in_wib() {
        let (from, to) = Period::parse("2026-Q4").unwrap().bounds();
        let d = crate::Date::from_unix_wib;
        assert_eq!(d(from), crate::Date::from_ymd(2026, 10, 1).unwrap());
        assert_eq!(d(from - 1), crate::Date::from_ymd(2026, 9, 30).unwrap());
        assert_eq!(d(to - 1), crate::Date::from_ymd(2026, 12, 31).unwrap());
        assert_eq!(d(to), crate::Date::from_ymd(2027, 1, 1).unwrap());
        let (a, b) = Period::parse("2026-02").unwrap().bounds();
        assert_eq!((b - a) / 86_400, 28);
    }

    #[test]
    fn the_median_reads_the_histogram_and_percentages_need_a_base() {
        let mut t = Tally::default();
        for (d, on_time) in [(1, true), (2, true), (3, true), (9, false)] {
            t.add(&Tally::of(&Facts {
                answered: Some((on_time, d)),
                ..Default::default()
            }));
        }
        assert_eq!(t.median_answer_days(), Some(2));
        assert_eq!(percent(t.answered_on_time, t.answered), Some(75.0));
        assert_eq!(percent(1, 0), None);
        let f = t.figures(0, Lang::Id);
        assert_eq!(
            f.iter()
                .find(|f| f.key == FigureKey::AnsweredOnTime)
                .unwrap()
                .text,
            "75,0%"
        );
        assert_eq!(
            f.iter().find(|f| f.key == FigureKey::Rating).unwrap().text,
            "—"
        );
    }
}

/// The officers' monev table of channels: the twelve months up to `(year, month)`, newest first,
/// with every channel used in any of them (`Channel::ALL` order). `counts` are the kept
/// summaries: (month `2026-12`, channel code, reports).
pub fn by_channel(
    counts: &[(String, String, u64)],
    year: i32,
    month: u32,
    lang: Lang,
) -> Vec<crate::wire::ChannelMonth> {
    use crate::report::Channel;
    let (mut y, mut m) = (year, month.clamp(1, 12));
    let mut months = Vec::with_capacity(12);
    for _ in 0..12 {
        months.push((y, m));
        if m == 1 {
            y -= 1;
            m = 12;
        } else {
            m -= 1;
        }
    }
    let codes: Vec<String> = months
        .iter()
        .map(|(y, m)| format!("{y:04}-{m:02}"))
        .collect();
    let used: Vec<Channel> = Channel::ALL
        .into_iter()
        .filter(|c| {
            counts
                .iter()
                .any(|(mo, ch, n)| ch == c.code() && *n > 0 && codes.contains(mo))
        })
        .collect();
    let mut out = Vec::with_capacity(12);
    for ((y, m), code) in months.into_iter().zip(codes) {
        out.push(crate::wire::ChannelMonth {
            label: format!("{} {y}", crate::date::month_name(m, lang)),
            counts: used
                .iter()
                .map(|c| crate::wire::ChannelCount {
                    channel: *c,
                    label: c.label(lang).to_string(),
                    reports: counts
                        .iter()
                        .filter(|(mo, ch, _)| *mo == code && ch == c.code())
                        .map(|(_, _, n)| n)
                        .sum(),
                })
                .collect(),
            month: code,
        });
    }
    out
}

#[cfg(test)]
mod channel_tests {
    use super::*;

    #[test]
    fn twelve_months_newest_first_with_the_channels_used() {
        let counts = vec![
            ("2026-12".to_string(), "web".to_string(), 5),
            ("2026-12".to_string(), "whatsapp".to_string(), 2),
            ("2026-01".to_string(), "sms".to_string(), 1),
            ("2025-12".to_string(), "surat".to_string(), 9),
        ];
        let t = by_channel(&counts, 2026, 12, Lang::Id);
        assert_eq!(t.len(), 12);
        assert_eq!(t[0].month, "2026-12");
        assert_eq!(t[0].label, "Desember 2026");
        assert_eq!(t[11].month, "2026-01");
        // Surat was used only before the twelve months shown: not a column.
        let codes: Vec<_> = t[0].counts.iter().map(|c| c.channel.code()).collect();
        assert_eq!(codes, ["web", "whatsapp", "sms"]);
        assert_eq!(t[0].counts[1].reports, 2);
        assert_eq!(t[11].counts[2].reports, 1);
        assert_eq!(t[5].counts.iter().map(|c| c.reports).sum::<u64>(), 0);
    }
}
