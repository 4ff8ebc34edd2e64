//! The public statistics (`/statistik`, `GET /api/v1/statistik`): the figures of a period put
//! together from the store's summaries — per unit, per month, per desa, per report type and
//! channel — into `wire::Statistics`. Pure: which unit belongs to which OPD, which desa to which
//! kecamatan, which months a trend shows and how each figure reads are decided here, once.

use crate::catalog::{self, RegionKind, Unit, UnitKind, REGIONS, UNITS};
use crate::date::month_name;
use crate::monev::{Period, Tally};
use crate::report::{Channel, ReportType};
use crate::text::Lang;
use crate::wire::{
    CountRow, FigureCell, FigureHead, FigureRow, KecamatanCount, MonthPoint, Named, OpdFigures,
    PeriodRef, Statistics,
};
use crate::Date;
use std::collections::BTreeMap;

/// How many months the trend shows.
pub const TREND_MONTHS: u32 = 12;

/// What the store gives for one period.
pub struct Input<'a> {
    pub period: Period,
    pub today: Date,
    /// The period's figures per stored unit code (reports count where they are now).
    pub by_unit: &'a BTreeMap<String, Tally>,
    /// Open reports past their deadline today, per unit code.
    pub overdue_by_unit: &'a BTreeMap<String, u64>,
    /// The regency's figures per month ("YYYY-MM") over `trend_months`.
    pub by_month: &'a BTreeMap<String, Tally>,
    /// The period's reports per desa code.
    pub by_desa: &'a BTreeMap<String, u64>,
    /// The period's reports per (report type code, channel code).
    pub kinds: &'a [(String, String, u64)],
}

/// The months of the trend: `TREND_MONTHS` up to the period's last month, or up to this month
/// when the period is not over ("YYYY-MM", oldest first).
pub fn trend_months(period: Period, today: Date) -> Vec<String> {
    let (_, last) = period.months();
    let (ty, tm, _) = today.ymd();
    let this = format!("{ty:04}-{tm:02}");
    let end = if last < this { last } else { this };
    let (mut y, mut m): (i32, u32) = match end.split_once('-') {
        Some((y, m)) => (y.parse().unwrap_or(ty), m.parse().unwrap_or(tm)),
        None => (ty, tm),
    };
    let mut out = Vec::new();
    for _ in 0..TREND_MONTHS {
        out.push(format!("{y:04}-{m:02}"));
        if m == 1 {
            y -= 1;
            m = 12;
        } else {
            m -= 1;
        }
    }
    out.reverse();
    out
}

fn period_ref(p: Period, lang: Lang) -> PeriodRef {
    PeriodRef {
        code: p.code(),
        label: p.label(lang),
    }
}

fn row(name: Named, t: &Tally, overdue: u64, lang: Lang) -> FigureRow {
    FigureRow {
        name,
        cells: t
            .figures(overdue, lang)
            .into_iter()
            .map(|f| FigureCell {
                value: f.value,
                text: f.text,
            })
            .collect(),
    }
}

/// The position of a unit in the catalog (the order people know from the organisation chart).
fn rank(u: &Unit) -> usize {
    UNITS
        .iter()
        .position(|x| x.code == u.code)
        .unwrap_or(usize::MAX)
}

/// The top-level units figures are grouped by: the OPDs and kecamatan offices below the Pemkab.
fn is_top(u: &Unit) -> bool {
    !u.is_external()
        && (u.parent().is_none_or(|p| p.kind == UnitKind::Pemkab))
        && u.kind != UnitKind::Pemkab
}

pub fn build(input: &Input<'_>, lang: Lang) -> Statistics {
    let heads = crate::monev::FigureKey::ALL
        .iter()
        .map(|k| FigureHead {
            key: *k,
            label: k.label(lang).to_string(),
            explain: k.explain(lang),
        })
        .collect();

    // Units, their OPDs and the bodies outside the regency.
    let mut regency = Tally::default();
    let mut regency_overdue = 0;
    let mut per_opd: BTreeMap<usize, (Tally, u64)> = BTreeMap::new();
    let mut per_unit: BTreeMap<usize, (Tally, u64)> = BTreeMap::new();
    let mut external: BTreeMap<usize, u64> = BTreeMap::new();
    let codes: std::collections::BTreeSet<&String> = input
        .by_unit
        .keys()
        .chain(input.overdue_by_unit.keys())
        .collect();
    for code in codes {
        let unit = catalog::unit(code).unwrap_or_else(catalog::coordinator);
        let t = input.by_unit.get(code).cloned().unwrap_or_default();
        let overdue = input.overdue_by_unit.get(code).copied().unwrap_or(0);
        regency.add(&t);
        regency_overdue += overdue;
        if unit.is_external() {
            *external.entry(rank(unit)).or_default() += t.received;
            continue;
        }
        let opd = unit.opd();
        let o = per_opd.entry(rank(opd)).or_default();
        o.0.add(&t);
        o.1 += overdue;
        let u = per_unit.entry(rank(unit)).or_default();
        u.0.add(&t);
        u.1 += overdue;
    }
    let opds = UNITS
        .iter()
        .filter(|u| is_top(u))
        .map(|opd| {
            let (t, overdue) = per_opd.remove(&rank(opd)).unwrap_or_default();
            let units = per_unit
                .iter()
                .filter(|(i, _)| UNITS[**i].opd().code == opd.code)
                .map(|(i, (t, overdue))| {
                    let u = &UNITS[*i];
                    let mut name = Named {
                        code: u.code.to_string(),
                        name: u.name.get(lang).to_string(),
                    };
                    if u.code == opd.code {
                        name.name = match lang {
                            Lang::Id => format!("{} (di tingkat OPD)", name.name),
                            Lang::En => format!("{} (at the OPD itself)", name.name),
                        };
                    }
                    row(name, t, *overdue, lang)
                })
                .collect();
            OpdFigures {
                opd: row(
                    Named {
                        code: opd.code.to_string(),
                        name: opd.name.get(lang).to_string(),
                    },
                    &t,
                    overdue,
                    lang,
                ),
                units,
            }
        })
        .collect();
    let external = external
        .into_iter()
        .map(|(i, n)| CountRow {
            code: UNITS[i].code.to_string(),
            label: UNITS[i].name.get(lang).to_string(),
            n,
        })
        .collect();

    // Places: every kecamatan, its desa and kelurahan, and how many of them reported.
    let kecamatan = REGIONS
        .iter()
        .filter(|r| r.kind == RegionKind::Kecamatan)
        .map(|k| {
            let mut reports = 0;
            let (mut total, mut reporting) = (0, 0);
            for d in REGIONS
                .iter()
                .filter(|r| r.kind != RegionKind::Kecamatan && r.kecamatan().code == k.code)
            {
                total += 1;
                let n = input.by_desa.get(d.code).copied().unwrap_or(0);
                reports += n;
                reporting += u32::from(n > 0);
            }
            KecamatanCount {
                kecamatan: Named {
                    code: k.code.to_string(),
                    name: k.name.to_string(),
                },
                reports,
                desa_total: total,
                desa_reporting: reporting,
            }
        })
        .collect();

    let trend = trend_months(input.period, input.today)
        .into_iter()
        .map(|month| {
            let t = input.by_month.get(&month).cloned().unwrap_or_default();
            let (y, m) = month.split_once('-').unwrap_or(("", ""));
            let m: u32 = m.parse().unwrap_or(1);
            let short: String = month_name(m, lang).chars().take(3).collect();
            MonthPoint {
                label: format!("{short} {y}"),
                month,
                received: t.received,
                answered: t.answered,
                answered_on_time_pct: crate::monev::percent(t.answered_on_time, t.answered),
            }
        })
        .collect();

    let mut types: BTreeMap<&str, u64> = BTreeMap::new();
    let mut channels: BTreeMap<&str, u64> = BTreeMap::new();
    for (ty, ch, n) in input.kinds {
        *types.entry(ty.as_str()).or_default() += n;
        *channels.entry(ch.as_str()).or_default() += n;
    }
    let by_type = ReportType::ALL
        .iter()
        .map(|t| CountRow {
            code: t.code().to_string(),
            label: t.label(lang).to_string(),
            n: types.get(t.code()).copied().unwrap_or(0),
        })
        .collect();
    // Only the channels that exist in the period (a channel not yet offered is not a zero).
    let by_channel = Channel::ALL
        .iter()
        .filter_map(|c| {
            let n = channels.get(c.code()).copied()?;
            Some(CountRow {
                code: c.code().to_string(),
                label: c.label(lang).to_string(),
                n,
            })
        })
        .collect();

    Statistics {
        period: period_ref(input.period, lang),
        periods: Period::recent(input.today)
            .into_iter()
            .map(|p| period_ref(p, lang))
            .collect(),
        heads,
        regency: row(
            Named {
                code: UNITS
                    .iter()
                    .find(|u| u.kind == UnitKind::Pemkab)
                    .map(|u| u.code.to_string())
                    .unwrap_or_default(),
                name: match lang {
                    Lang::Id => "Kabupaten Natuna".to_string(),
                    Lang::En => "Natuna Regency".to_string(),
                },
            },
            &regency,
            regency_overdue,
            lang,
        ),
        opds,
        external,
        kecamatan,
        trend,
        by_type,
        by_channel,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::monev::{Facts, FigureKey};

    fn tally(facts: &[Facts]) -> Tally {
        let mut t = Tally::default();
        for f in facts {
            t.add(&Tally::of(f));
        }
        t
    }

    fn cell<'a>(s: &'a Statistics, r: &'a FigureRow, k: FigureKey) -> &'a FigureCell {
        let i = s.heads.iter().position(|h| h.key == k).unwrap();
        &r.cells[i]
    }

    #[test]
    fn units_add_up_to_their_opd_and_the_regency_and_outside_bodies_stand_apart() {
        let answered = |on_time, days| Facts {
            routed: true,
            answered: Some((on_time, days)),
            ..Default::default()
        };
        let by_unit = BTreeMap::from([
            (
                "dishub-udara".to_string(),
                tally(&[answered(true, 2), answered(false, 9)]),
            ),
            ("dishub-darat".to_string(), tally(&[answered(true, 1)])),
            (
                "ext-bpjn".to_string(),
                tally(&[Facts {
                    not_authority: true,
                    ..Default::default()
                }]),
            ),
        ]);
        let overdue = BTreeMap::from([("dishub-laut".to_string(), 2u64)]);
        let by_desa = BTreeMap::from([("21.03.07.1011".to_string(), 3u64)]);
        let kinds = vec![
            ("pengaduan".to_string(), "web".to_string(), 3),
            ("aspirasi".to_string(), "nojs".to_string(), 1),
        ];
        let today = Date::from_ymd(2026, 12, 2).unwrap();
        let s = build(
            &Input {
                period: Period::Year(2026),
                today,
                by_unit: &by_unit,
                overdue_by_unit: &overdue,
                by_month: &BTreeMap::new(),
                by_desa: &by_desa,
                kinds: &kinds,
            },
            Lang::Id,
        );
        assert_eq!(cell(&s, &s.regency, FigureKey::Received).value, Some(4.0));
        assert_eq!(cell(&s, &s.regency, FigureKey::OverdueNow).value, Some(2.0));
        assert_eq!(cell(&s, &s.regency, FigureKey::NotAuthority).text, "25,0%");
        let dishub = s.opds.iter().find(|o| o.opd.name.code == "dishub").unwrap();
        assert_eq!(cell(&s, &dishub.opd, FigureKey::Received).value, Some(3.0));
        assert_eq!(
            cell(&s, &dishub.opd, FigureKey::AnsweredOnTime).text,
            "66,7%"
        );
        assert_eq!(
            cell(&s, &dishub.opd, FigureKey::MedianAnswerDays).text,
            "2 hari kerja"
        );
        assert_eq!(
            cell(&s, &dishub.opd, FigureKey::OverdueNow).value,
            Some(2.0)
        );
        // Each bidang apart: air transport is not land transport.
        let units: Vec<&str> = dishub.units.iter().map(|u| u.name.code.as_str()).collect();
        assert_eq!(units, ["dishub-darat", "dishub-laut", "dishub-udara"]);
        let udara = dishub
            .units
            .iter()
            .find(|u| u.name.code == "dishub-udara")
            .unwrap();
        assert_eq!(cell(&s, udara, FigureKey::AnsweredOnTime).text, "50,0%");
        // Every OPD is listed, with or without reports; outside bodies are not OPDs.
        assert!(s.opds.iter().any(|o| o.opd.name.code == "setda"));
        assert!(s.opds.iter().all(|o| !o.opd.name.code.starts_with("ext-")));
        assert_eq!(s.external.len(), 1);
        assert_eq!(
            (s.external[0].code.as_str(), s.external[0].n),
            ("ext-bpjn", 1)
        );
        // Places.
        let bt = s
            .kecamatan
            .iter()
            .find(|k| k.kecamatan.code == "21.03.07")
            .unwrap();
        assert_eq!((bt.reports, bt.desa_reporting), (3, 1));
        assert!(bt.desa_total >= 6);
        assert_eq!(s.kecamatan.iter().map(|k| k.reports).sum::<u64>(), 3);
        // Kinds: every type, only the channels that were used.
        assert_eq!(s.by_type.len(), ReportType::ALL.len());
        let ch: Vec<(&str, u64)> = s
            .by_channel
            .iter()
            .map(|c| (c.code.as_str(), c.n))
            .collect();
        assert_eq!(ch, [("web", 3), ("nojs", 1)]);
    }

    #[test]
    fn the_trend_ends_with_the_period_or_this_month_and_crosses_years() {
        let today = Date::from_ymd(2026, 12, 2).unwrap();
        let m = trend_months(Period::Quarter(2026, 1), today);
        assert_eq!(
            (m.first().unwrap().as_str(), m.last().unwrap().as_str()),
            ("2025-04", "2026-03")
        );
        let m = trend_months(Period::Year(2026), today);
        assert_eq!(
            (m.first().unwrap().as_str(), m.last().unwrap().as_str()),
            ("2026-01", "2026-12")
        );
        let m = trend_months(Period::Month(2027, 5), today);
        assert_eq!(m.last().unwrap(), "2026-12");
        assert_eq!(m.len(), TREND_MONTHS as usize);
    }
}
