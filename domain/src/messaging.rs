//! Messages to and from the reporter's phone (WhatsApp, SMS) and e-mail: which channels exist,
//! what each notice says, what a reply means, and the platforms' rules (SMS length in GSM-7,
//! WhatsApp's 24-hour window). The server sends and receives; the words and rules are here.
//!
//! Texts for SMS stay within one 160-character GSM-7 message where the content allows: the
//! notices carry the code and a link, not the report's content. WhatsApp and e-mail may say more.
//! A confidential report's messages carry its tracking code only: never its title or content,
//! never the secret that opens it.

pub mod filing;

use crate::lifecycle::Status;
use crate::tracking::TrackingCode;
use crate::Lang;

/// A channel a message goes out on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Channel {
    Email,
    Whatsapp,
    Sms,
}

impl Channel {
    pub const ALL: [Channel; 3] = [Channel::Email, Channel::Whatsapp, Channel::Sms];
    pub fn code(self) -> &'static str {
        match self {
            Channel::Email => "email",
            Channel::Whatsapp => "whatsapp",
            Channel::Sms => "sms",
        }
    }
    pub fn parse(s: &str) -> Option<Channel> {
        Channel::ALL.into_iter().find(|c| c.code() == s)
    }
    pub fn label(self) -> &'static str {
        match self {
            Channel::Email => "E-mail",
            Channel::Whatsapp => "WhatsApp",
            Channel::Sms => "SMS",
        }
    }
}

/// Where a message goes when its channel fails it for good, if that channel is on: a number
/// without WhatsApp (many basic phones in Natuna) still gets its notices by SMS.
pub fn fallback_of(channel: Channel) -> Option<Channel> {
    match channel {
        Channel::Whatsapp => Some(Channel::Sms),
        Channel::Email | Channel::Sms => None,
    }
}

/// WhatsApp lets a business write free text only within 24 hours of the person's last message;
/// outside it, only an approved template.
pub const WHATSAPP_WINDOW_SECS: i64 = 24 * 3600;

/// Whether free text may go to a WhatsApp number that last wrote at `last_inbound`.
pub fn within_whatsapp_window(last_inbound: Option<i64>, now: i64) -> bool {
    last_inbound.is_some_and(|t| now - t < WHATSAPP_WINDOW_SECS)
}

/// One SMS holds 160 GSM-7 characters (153 each when split), or 70 UCS-2 characters (67).
pub const SMS_GSM7_SINGLE: usize = 160;

const GSM7_BASIC: &str = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
const GSM7_EXTENDED: &str = "^{}\\[~]|€\u{c}";

/// Septets a text takes in GSM-7, or None when a character needs UCS-2.
fn gsm7_septets(text: &str) -> Option<usize> {
    text.chars().try_fold(0, |n, c| {
        if GSM7_BASIC.contains(c) {
            Some(n + 1)
        } else if GSM7_EXTENDED.contains(c) {
            Some(n + 2)
        } else {
            None
        }
    })
}

/// How many SMS a text is sent as.
pub fn sms_parts(text: &str) -> usize {
    match gsm7_septets(text) {
        Some(n) if n <= SMS_GSM7_SINGLE => 1,
        Some(n) => n.div_ceil(153),
        None => {
            let units: usize = text.chars().map(char::len_utf16).sum();
            if units <= 70 {
                1
            } else {
                units.div_ceil(67)
            }
        }
    }
}

/// The text as GSM-7 where a plain equivalent exists (dashes, quotes, ellipsis, non-breaking
/// space), so that an SMS is not sent as UCS-2 at less than half the length for one typographic
/// character. Other characters are kept.
pub fn plain_for_sms(text: &str) -> String {
    text.chars()
        .flat_map(|c| {
            let s: &str = match c {
                '—' | '–' | '‒' | '−' => "-",
                '“' | '”' | '„' => "\"",
                '‘' | '’' | '‚' => "'",
                '…' => "...",
                '\u{a0}' | '\u{2009}' | '\u{202f}' => " ",
                '·' | '•' => "-",
                _ => return vec![c],
            };
            s.chars().collect::<Vec<_>>()
        })
        .collect()
}

/// What a message to the reporter's phone says: the notices and the replies to commands.
/// `link` is the report's public status page (absent when the operator set no public URL).
#[derive(Debug, Clone, PartialEq)]
pub enum Notice<'a> {
    /// Sent when the report is received.
    Receipt {
        code: &'a TrackingCode,
        /// The reporter code (not for a confidential report: there it is the secret that opens it).
        reporter_code: Option<&'a str>,
        /// The title and the unit, for WhatsApp (not for a confidential report).
        title: Option<&'a str>,
        unit: &'a str,
        link: Option<&'a str>,
    },
    /// A public status change.
    Status {
        code: &'a TrackingCode,
        status: Status,
        link: Option<&'a str>,
    },
    /// The answer to "CEK".
    Current {
        code: &'a TrackingCode,
        status: Status,
        unit: &'a str,
        link: Option<&'a str>,
    },
    /// No report by that code that this number may see.
    NotFound {
        code: Option<&'a str>,
    },
    /// "CEK" without a code from a number that filed nothing.
    NoReports,
    /// "SELESAI", "BELUM" or a rating with no report of this number waiting for it.
    NothingToAnswer,
    Accepted {
        code: &'a TrackingCode,
    },
    Reopened {
        code: &'a TrackingCode,
    },
    Rated {
        code: &'a TrackingCode,
        rating: u8,
    },
    /// A move the workflow refused, with its reason.
    Refused {
        reason: &'a str,
    },
    StoppedNotices,
    StartedNotices,
    /// Anything else: what one can write.
    Help,
}

fn code_of(c: &TrackingCode) -> String {
    c.display()
}

fn with_link(text: String, link: Option<&str>) -> String {
    match link {
        Some(l) => format!("{text} {l}"),
        None => text,
    }
}

impl Notice<'_> {
    /// The text on a channel. SMS texts are short and plain; WhatsApp and e-mail say more.
    pub fn text(&self, channel: Channel) -> String {
        let long = channel != Channel::Sms;
        let t = match self {
            Notice::Receipt {
                code,
                reporter_code,
                title,
                unit,
                link,
            } => {
                let mut t = format!("Lapor Natuna: laporan Anda diterima, kode {}.", code_of(code));
                if let (true, Some(title)) = (long, title) {
                    t.push_str(&format!(" \"{title}\", ditangani {unit}."));
                }
                if let Some(r) = reporter_code {
                    t.push_str(&format!(" Kode pelapor: {r}."));
                }
                if long {
                    t.push_str(" Balas CEK untuk status, STOP untuk berhenti.");
                }
                with_link(t, *link)
            }
            Notice::Status { code, status, link } => with_link(
                format!(
                    "Lapor Natuna: laporan {} kini {}.{}",
                    code_of(code),
                    status.label(Lang::Id),
                    if *status == Status::Ditindaklanjuti {
                        " Balas SELESAI bila beres, atau BELUM <alasan>."
                    } else {
                        ""
                    }
                ),
                *link,
            ),
            Notice::Current {
                code,
                status,
                unit,
                link,
            } => with_link(
                format!(
                    "Laporan {}: {}. Ditangani {unit}.",
                    code_of(code),
                    status.label(Lang::Id)
                ),
                *link,
            ),
            Notice::NotFound { code: Some(c) } => format!(
                "Laporan {c} tidak ditemukan. Periksa kodenya (9 karakter, mis. 7K4-M2Q-XPA)."
            ),
            Notice::NotFound { code: None } => {
                "Kode laporan tidak dikenali. Tulis CEK diikuti kode 9 karakter, mis. CEK 7K4-M2Q-XPA."
                    .to_string()
            }
            Notice::NoReports => {
                "Tidak ada laporan dari nomor ini. Tulis CEK diikuti kode laporan Anda.".to_string()
            }
            Notice::NothingToAnswer => {
                "Tidak ada laporan dari nomor ini yang menunggu jawaban Anda.".to_string()
            }
            Notice::Accepted { code } => format!(
                "Terima kasih. Laporan {} selesai. Nilai pelayanan: balas angka 1 (buruk) s.d. 5 (sangat baik).",
                code_of(code)
            ),
            Notice::Reopened { code } => format!(
                "Laporan {} dibuka kembali dan dikembalikan ke unit yang menangani.",
                code_of(code)
            ),
            Notice::Rated { code, rating } => format!(
                "Terima kasih atas penilaian {rating} untuk laporan {}.",
                code_of(code)
            ),
            Notice::Refused { reason } => format!("Tidak dapat diproses: {reason}"),
            Notice::StoppedNotices => {
                "Anda tidak akan menerima pemberitahuan Lapor Natuna lagi. Balas MULAI untuk menerimanya kembali."
                    .to_string()
            }
            Notice::StartedNotices => {
                "Pemberitahuan Lapor Natuna aktif kembali. Balas STOP untuk berhenti.".to_string()
            }
            Notice::Help if channel == Channel::Whatsapp => "Lapor Natuna: ketik LAPOR untuk membuat laporan baru. Untuk laporan Anda: CEK <kode> untuk status, SELESAI bila masalah beres, BELUM <alasan> bila belum, 1-5 untuk menilai, STOP untuk berhenti."
                .to_string(),
            Notice::Help => "Lapor Natuna: balas CEK <kode> untuk status laporan, SELESAI bila masalah beres, BELUM <alasan> bila belum, 1-5 untuk menilai, STOP untuk berhenti."
                .to_string(),
        };
        if long {
            t
        } else {
            plain_for_sms(&t)
        }
    }
}

/// What a message from a phone asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// "CEK [kode]", or a bare code.
    Check(Option<String>),
    /// "SELESAI [kode]": the answer solved it.
    Accept(Option<String>),
    /// "BELUM <alasan>": it did not; reopen.
    Reopen {
        reason: String,
    },
    /// "1"–"5".
    Rate(u8),
    Stop,
    Start,
    /// Anything else.
    Other,
}

fn looks_like_code(s: &str) -> bool {
    TrackingCode::parse(s).is_ok()
}

/// Reads a message. Keywords are matched case-insensitively on the first word.
pub fn parse_command(text: &str) -> Command {
    let t = text.trim();
    let (first, rest) = match t.split_once(char::is_whitespace) {
        Some((a, b)) => (a, b.trim()),
        None => (t, ""),
    };
    let word = first.trim_end_matches(['.', '!', ',', ':']).to_uppercase();
    let code = |s: &str| (!s.is_empty()).then(|| s.to_string());
    match word.as_str() {
        "CEK" | "CEKLAPORAN" | "STATUS" => Command::Check(code(rest)),
        "SELESAI" | "SUDAH" => Command::Accept(code(rest)),
        "BELUM" => Command::Reopen {
            reason: rest.to_string(),
        },
        "STOP" | "BERHENTI" | "UNSUBSCRIBE" => Command::Stop,
        "MULAI" | "START" => Command::Start,
        "1" | "2" | "3" | "4" | "5" if rest.is_empty() => Command::Rate(word.parse().unwrap_or(0)),
        _ if looks_like_code(t) => Command::Check(Some(t.to_string())),
        _ => Command::Other,
    }
}

/// The phone number of a message as stored with reports (`+62…`), from WhatsApp's `wa_id`
/// ("6281…") or an SMS sender ("+6281…", "081…"); None for a number that is not Indonesian.
pub fn phone_of(sender: &str) -> Option<String> {
    crate::report::normalize_phone(sender)
}

/// The number as WhatsApp's Cloud API takes it: digits only, country code first.
pub fn whatsapp_number(phone: &str) -> String {
    phone.chars().filter(char::is_ascii_digit).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code() -> TrackingCode {
        TrackingCode::generate([7; 8])
    }

    #[test]
    fn sms_notices_fit_one_gsm7_message() {
        let c = code();
        let link = "https://lapor.natunakab.go.id/lacak/7K4M2QXPA";
        let notices = [
            Notice::Receipt {
                code: &c,
                reporter_code: Some("ABCD-EFGH-JKMN-PQRS"),
                title: Some("Jalan berlubang di depan SD Negeri 001 Ranai yang sangat dalam"),
                unit: "Dinas Pekerjaan Umum dan Penataan Ruang — Bidang Bina Marga",
                link: Some(link),
            },
            Notice::Status {
                code: &c,
                status: Status::Ditindaklanjuti,
                link: Some(link),
            },
            Notice::Status {
                code: &c,
                status: Status::Didisposisikan,
                link: Some(link),
            },
            Notice::Accepted { code: &c },
            Notice::Reopened { code: &c },
            Notice::StoppedNotices,
            Notice::Help,
        ];
        for n in notices {
            let t = n.text(Channel::Sms);
            assert!(gsm7_septets(&t).is_some(), "not GSM-7: {t}");
            assert!(
                t.chars().count() <= SMS_GSM7_SINGLE,
                "{} chars: {t}",
                t.len()
            );
            assert_eq!(sms_parts(&t), 1);
        }
    }

    #[test]
    fn a_confidential_receipt_carries_the_code_only() {
        let c = code();
        let n = Notice::Receipt {
            code: &c,
            reporter_code: None,
            title: None,
            unit: "Dinas Kesehatan",
            link: None,
        };
        for ch in Channel::ALL {
            let t = n.text(ch);
            assert!(t.contains(&c.display()));
            assert!(!t.contains("Kode pelapor"));
        }
    }

    #[test]
    fn whatsapp_receipt_names_the_unit_and_title() {
        let c = code();
        let n = Notice::Receipt {
            code: &c,
            reporter_code: Some("ABCD-EFGH-JKMN-PQRS"),
            title: Some("Lampu jalan padam"),
            unit: "Dinas Perhubungan — Bidang Perhubungan Darat",
            link: None,
        };
        let t = n.text(Channel::Whatsapp);
        assert!(t.contains("Lampu jalan padam") && t.contains("Perhubungan Darat"));
        assert!(!n.text(Channel::Sms).contains("Lampu jalan padam"));
    }

    #[test]
    fn typographic_characters_do_not_force_ucs2() {
        assert_eq!(sms_parts(&plain_for_sms(&"“a” — b…".repeat(15))), 1);
        assert_eq!(sms_parts(&"a".repeat(161)), 2);
        assert_eq!(sms_parts(&"é".repeat(160)), 1);
        assert_eq!(sms_parts(&"✓".repeat(71)), 2);
    }

    #[test]
    fn commands() {
        let c = code().display();
        assert_eq!(
            parse_command(&format!("cek {c}")),
            Command::Check(Some(c.clone()))
        );
        assert_eq!(parse_command(&c), Command::Check(Some(c.clone())));
        assert_eq!(parse_command("CEK"), Command::Check(None));
        assert_eq!(parse_command(" Selesai. "), Command::Accept(None));
        assert_eq!(
            parse_command("belum jalannya masih berlubang"),
            Command::Reopen {
                reason: "jalannya masih berlubang".into()
            }
        );
        assert_eq!(parse_command("4"), Command::Rate(4));
        assert_eq!(parse_command("6"), Command::Other);
        assert_eq!(parse_command("stop"), Command::Stop);
        assert_eq!(parse_command("MULAI"), Command::Start);
        assert_eq!(parse_command("halo apa kabar"), Command::Other);
    }

    #[test]
    fn whatsapp_window() {
        assert!(within_whatsapp_window(
            Some(1000),
            1000 + WHATSAPP_WINDOW_SECS - 1
        ));
        assert!(!within_whatsapp_window(
            Some(1000),
            1000 + WHATSAPP_WINDOW_SECS
        ));
        assert!(!within_whatsapp_window(None, 0));
    }

    #[test]
    fn numbers() {
        assert_eq!(phone_of("6281234567890").as_deref(), Some("+6281234567890"));
        assert_eq!(
            phone_of("0812-3456-7890").as_deref(),
            Some("+6281234567890")
        );
        assert_eq!(phone_of("+15551234567"), None);
        assert_eq!(whatsapp_number("+6281234567890"), "6281234567890");
    }
}
