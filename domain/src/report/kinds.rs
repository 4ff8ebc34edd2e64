//! The kinds of report and the national privacy choices (SP4N-LAPOR!), with their labels.

use crate::text::Lang;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Hash)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum ReportType {
    /// A complaint about a service or a problem.
    Pengaduan,
    /// A suggestion or wish.
    Aspirasi,
    /// A request for public information.
    Informasi,
}

impl ReportType {
    pub const ALL: [ReportType; 3] = [
        ReportType::Pengaduan,
        ReportType::Aspirasi,
        ReportType::Informasi,
    ];
    pub fn code(self) -> &'static str {
        match self {
            ReportType::Pengaduan => "pengaduan",
            ReportType::Aspirasi => "aspirasi",
            ReportType::Informasi => "informasi",
        }
    }
    pub fn parse(s: &str) -> Option<ReportType> {
        ReportType::ALL.into_iter().find(|t| t.code() == s)
    }
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (ReportType::Pengaduan, Lang::Id) => "Pengaduan",
            (ReportType::Aspirasi, Lang::Id) => "Aspirasi",
            (ReportType::Informasi, Lang::Id) => "Permintaan informasi",
            (ReportType::Pengaduan, Lang::En) => "Complaint",
            (ReportType::Aspirasi, Lang::En) => "Suggestion",
            (ReportType::Informasi, Lang::En) => "Information request",
        }
    }
    pub fn explain(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (ReportType::Pengaduan, Lang::Id) => {
                "Ada layanan atau fasilitas yang bermasalah dan perlu ditangani."
            }
            (ReportType::Aspirasi, Lang::Id) => {
                "Usulan atau saran agar layanan Pemkab Natuna lebih baik."
            }
            (ReportType::Informasi, Lang::Id) => "Meminta informasi publik dari perangkat daerah.",
            (ReportType::Pengaduan, Lang::En) => {
                "A service or facility has a problem that must be dealt with."
            }
            (ReportType::Aspirasi, Lang::En) => {
                "A proposal or suggestion to improve the regency's services."
            }
            (ReportType::Informasi, Lang::En) => {
                "A request for public information from a government office."
            }
        }
    }
}

/// The national privacy choices of SP4N-LAPOR!.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum Privacy {
    /// The report and the reporter's name are public.
    Publik,
    /// The report is public; the reporter's identity is hidden from the public and from the
    /// handling unit (only the coordinator sees it).
    Anonim,
    /// The report is not public at all; only the reporter (with the secret) and officers see it.
    Rahasia,
}

impl Privacy {
    pub const ALL: [Privacy; 3] = [Privacy::Publik, Privacy::Anonim, Privacy::Rahasia];
    pub fn code(self) -> &'static str {
        match self {
            Privacy::Publik => "publik",
            Privacy::Anonim => "anonim",
            Privacy::Rahasia => "rahasia",
        }
    }
    pub fn parse(s: &str) -> Option<Privacy> {
        Privacy::ALL.into_iter().find(|p| p.code() == s)
    }
    /// May the report appear in public lists and on the public status page?
    pub fn is_listed(self) -> bool {
        self != Privacy::Rahasia
    }
    /// May the public and the handling unit see who reported it?
    pub fn shows_identity(self) -> bool {
        self == Privacy::Publik
    }
    /// Privacy can be tightened by an officer, never loosened.
    pub fn tighten(self, to: Privacy) -> Privacy {
        self.max(to)
    }
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Privacy::Publik, Lang::Id) => "Publik",
            (Privacy::Anonim, Lang::Id) => "Anonim",
            (Privacy::Rahasia, Lang::Id) => "Rahasia",
            (Privacy::Publik, Lang::En) => "Public",
            (Privacy::Anonim, Lang::En) => "Anonymous",
            (Privacy::Rahasia, Lang::En) => "Confidential",
        }
    }
    pub fn explain(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Privacy::Publik, Lang::Id) => "Laporan dan nama Anda dapat dilihat semua orang.",
            (Privacy::Anonim, Lang::Id) => "Laporan dapat dilihat umum, tetapi nama dan kontak Anda disembunyikan dari publik dan dari unit yang menangani.",
            (Privacy::Rahasia, Lang::Id) => "Laporan tidak ditampilkan kepada publik. Hanya Anda (dengan kode rahasia) dan petugas yang dapat melihatnya.",
            (Privacy::Publik, Lang::En) => "Everyone can see the report and your name.",
            (Privacy::Anonim, Lang::En) => "The report is public, but your name and contacts are hidden from the public and from the handling unit.",
            (Privacy::Rahasia, Lang::En) => "The report is not shown publicly. Only you (with the secret code) and officers can see it.",
        }
    }
}

/// The door a report came in by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Hash)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    /// The app or the JSON API.
    Web,
    /// The plain HTML form (no JavaScript).
    Nojs,
    Whatsapp,
    Sms,
    /// Recorded by an officer for someone who came in person.
    TatapMuka,
    /// Recorded by an officer from a phone call.
    Telepon,
    /// Recorded by an officer from a letter.
    Surat,
    /// Filed by another system through Open311.
    Open311,
}

impl Channel {
    pub const ALL: [Channel; 8] = [
        Channel::Web,
        Channel::Nojs,
        Channel::Whatsapp,
        Channel::Sms,
        Channel::TatapMuka,
        Channel::Telepon,
        Channel::Surat,
        Channel::Open311,
    ];
    pub fn code(self) -> &'static str {
        match self {
            Channel::Web => "web",
            Channel::Nojs => "nojs",
            Channel::Whatsapp => "whatsapp",
            Channel::Sms => "sms",
            Channel::TatapMuka => "tatap_muka",
            Channel::Telepon => "telepon",
            Channel::Surat => "surat",
            Channel::Open311 => "open311",
        }
    }
    pub fn parse(s: &str) -> Option<Channel> {
        Channel::ALL.into_iter().find(|c| c.code() == s)
    }
    /// The doors an officer records when filing for a citizen (`lifecycle::Role::files_for_citizens`):
    /// a visit, a call, a letter, or a message that reached the office's own phone.
    pub const RECORDED: [Channel; 5] = [
        Channel::TatapMuka,
        Channel::Telepon,
        Channel::Surat,
        Channel::Whatsapp,
        Channel::Sms,
    ];
    /// The channel an officer chose for a report filed on a citizen's behalf.
    pub fn parse_recorded(s: &str) -> Result<Channel, crate::FieldError> {
        Channel::parse(s)
            .filter(|c| Channel::RECORDED.contains(c))
            .ok_or_else(|| {
                let list = |l| {
                    Channel::RECORDED
                        .iter()
                        .map(|c| format!("{} ({})", c.code(), c.label(l)))
                        .collect::<Vec<_>>()
                        .join(", ")
                };
                crate::FieldError::new(
                    "channel",
                    if s.is_empty() { "required" } else { "invalid" },
                    format!(
                        "Pilih melalui apa laporan ini diterima: {}.",
                        list(Lang::Id)
                    ),
                    format!("Choose how this report was received: {}.", list(Lang::En)),
                )
            })
    }
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Channel::Web, Lang::Id) => "Aplikasi web",
            (Channel::Web, Lang::En) => "Web app",
            (Channel::Nojs, Lang::Id) => "Formulir sederhana",
            (Channel::Nojs, Lang::En) => "Plain form",
            (Channel::Whatsapp, _) => "WhatsApp",
            (Channel::Sms, _) => "SMS",
            (Channel::TatapMuka, Lang::Id) => "Tatap muka",
            (Channel::TatapMuka, Lang::En) => "In person",
            (Channel::Telepon, Lang::Id) => "Telepon",
            (Channel::Telepon, Lang::En) => "Phone call",
            (Channel::Surat, Lang::Id) => "Surat",
            (Channel::Surat, Lang::En) => "Letter",
            (Channel::Open311, _) => "Open311",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lifecycle::Role;

    #[test]
    fn an_officer_records_only_the_doors_without_an_app_and_only_at_a_desk() {
        for c in Channel::RECORDED {
            assert_eq!(Channel::parse_recorded(c.code()), Ok(c));
        }
        for (s, code) in [
            ("web", "invalid"),
            ("nojs", "invalid"),
            ("open311", "invalid"),
            ("", "required"),
            ("TATAP_MUKA", "invalid"),
        ] {
            let e = Channel::parse_recorded(s).unwrap_err();
            assert_eq!((e.field.as_str(), e.code), ("channel", code), "{s}");
            assert!(
                e.message_id.contains("tatap_muka (Tatap muka)"),
                "{}",
                e.message_id
            );
        }
        let desks: Vec<Role> = Role::ALL
            .into_iter()
            .filter(|r| r.files_for_citizens())
            .collect();
        assert_eq!(desks, [Role::Koordinator, Role::PetugasWilayah]);
    }
}
