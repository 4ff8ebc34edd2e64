//! `server verify-chain`: checks the whole history chain (`domain::chain`) and the recorded
//! daily heads, and names the first entry that does not check out.

use crate::store::{Store, Verified};
use domain::{Date, Lang};

pub async fn command(cfg: &crate::config::Config) -> anyhow::Result<()> {
    let store = Store::open(cfg.database_url.as_deref(), &cfg.data_dir).await?;
    match store.verify_chain().await? {
        Verified::Whole { entries, head } => {
            let head = head.unwrap_or_else(|| "-".into());
            println!("Rantai riwayat utuh: {entries} entri diperiksa, kepala terakhir {head}.");
            println!("History chain intact: {entries} entries checked, last head {head}.");
            Ok(())
        }
        Verified::BrokenAt {
            id,
            code,
            at,
            why,
            checked,
        } => {
            let code = crate::views::display_code(&code);
            let day = Date::from_unix_wib(at);
            anyhow::bail!(
                "Rantai riwayat PUTUS pada entri #{id} (laporan {code}, {day}): {}. {checked} entri sebelumnya utuh.\n\
                 History chain BROKEN at entry #{id} (report {code}, {day}): {}. The {checked} entries before it check out.",
                why.message(Lang::Id),
                why.message(Lang::En),
            )
        }
        Verified::BadHead { day, last_id } => anyhow::bail!(
            "Kepala harian {day} (entri #{last_id}) tidak sama dengan sidik entri itu: kepala yang tercatat diubah.\n\
             The head of {day} (entry #{last_id}) is not that entry's hash: the recorded head was changed."
        ),
    }
}
