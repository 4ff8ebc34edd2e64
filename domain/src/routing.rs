//! Which unit handles a report: (category, answers, location) → unit, down to the bidang, with
//! the one sentence that tells the citizen why. The rules are the catalog's; this module only
//! applies them. Nothing is ever unroutable: unknown input goes to the coordinator for triage.

use crate::catalog::{self, Category, Region, Target, Unit};
use crate::text::Text;

/// What routing looks at. Answers are (question code, option value) pairs.
#[derive(Debug, Clone, Default)]
pub struct RouteRequest<'a> {
    pub category: &'a str,
    pub answers: Vec<(&'a str, &'a str)>,
    /// A desa or kelurahan code (`21.03.07.2002`), or a kecamatan code.
    pub location: Option<&'a str>,
}

/// How a route was decided, for officers and for tests.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum RouteBasis {
    /// A rule of the category named the unit.
    Rule,
    /// A rule sent it to the office or puskesmas of the report's location.
    Location,
    /// A location rule had no usable location, so its fallback unit was used.
    Fallback,
    /// The category is unknown: the coordinator triages it.
    Triage,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Route {
    pub unit: &'static Unit,
    pub reason: Text,
    pub basis: RouteBasis,
    pub category: Option<&'static Category>,
}

impl Route {
    /// Not the regency's authority: the citizen is told where to go instead.
    pub fn is_external(&self) -> bool {
        self.unit.is_external()
    }
    pub fn guidance(&self) -> Option<Text> {
        self.unit.guidance
    }
}

/// What sending a report outside the regency's authority does anyway, told before it is sent.
pub const IF_SENT_EXTERNAL: Text = Text::new(
    "Jika tetap dikirim, koordinator LAPOR! di Diskominfo membacanya: bagian yang menjadi urusan Pemkab diteruskan ke unitnya, selebihnya ditutup sebagai \"bukan wewenang\" dengan saran di atas. Laporan tidak diteruskan ke instansi tersebut; hubungi mereka langsung.",
    "If you send it anyway, the LAPOR! coordinator at Diskominfo reads it: any part that is the regency's goes to its unit, the rest is closed as \"not the regency's authority\" with the advice above. It is not forwarded to that body; contact them directly.",
);

const TRIAGE_REASON: Text = Text::new(
    "Kategori laporan belum dikenali, sehingga laporan dibaca dahulu oleh koordinator LAPOR! di Diskominfo dan diteruskan ke unit yang berwenang.",
    "The category is not recognised, so the LAPOR! coordinator at Diskominfo reads the report first and forwards it to the responsible unit.",
);

fn location_region(code: &str) -> Option<&'static Region> {
    catalog::region(code)
}

/// Routes a report. Total: every input yields a unit.
pub fn route(req: &RouteRequest) -> Route {
    let Some(category) = catalog::category(req.category) else {
        return Route {
            unit: catalog::coordinator(),
            reason: TRIAGE_REASON,
            basis: RouteBasis::Triage,
            category: None,
        };
    };
    let answer = |q: &str| req.answers.iter().find(|(k, _)| *k == q).map(|(_, v)| *v);
    let region = req.location.and_then(location_region);
    for rule in category.routes {
        if !rule
            .when
            .iter()
            .all(|(q, v)| answer(q.get().code) == Some(*v))
        {
            continue;
        }
        let located = match rule.to {
            Target::Unit(u) => {
                return Route {
                    unit: u.get(),
                    reason: rule.reason,
                    basis: RouteBasis::Rule,
                    category: Some(category),
                }
            }
            Target::Desa => region
                .filter(|r| r.parent.is_some())
                .map(|r| r.office.get()),
            Target::Kecamatan => region.map(|r| r.kecamatan().office.get()),
            Target::Puskesmas => region.and_then(|r| catalog::puskesmas_of(r.kecamatan().id())),
        };
        return match (located, rule.fallback) {
            (Some(unit), _) => Route {
                unit,
                reason: rule.reason,
                basis: RouteBasis::Location,
                category: Some(category),
            },
            (None, Some(f)) => Route {
                unit: f.get(),
                reason: rule.reason,
                basis: RouteBasis::Fallback,
                category: Some(category),
            },
            // The build guarantees location rules have a fallback; stay total regardless.
            (None, None) => Route {
                unit: catalog::coordinator(),
                reason: TRIAGE_REASON,
                basis: RouteBasis::Triage,
                category: Some(category),
            },
        };
    }
    // The build guarantees a catch-all rule; stay total regardless.
    Route {
        unit: catalog::coordinator(),
        reason: TRIAGE_REASON,
        basis: RouteBasis::Triage,
        category: Some(category),
    }
}
