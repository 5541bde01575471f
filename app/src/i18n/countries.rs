//! Country names: ISO 3166-1 alpha-2 codes in the four languages.

use super::{pick, Locale};

/// ISO 3166-1 alpha-2 code → `[en, zh-Hans, es, de]`.
const COUNTRIES: &[(&str, [&str; 4])] = &[
    ("AE", ["United Arab Emirates", "阿联酋", "Emiratos Árabes Unidos", "Vereinigte Arabische Emirate"]),
    ("AR", ["Argentina", "阿根廷", "Argentina", "Argentinien"]),
    ("AT", ["Austria", "奥地利", "Austria", "Österreich"]),
    ("AU", ["Australia", "澳大利亚", "Australia", "Australien"]),
    ("BE", ["Belgium", "比利时", "Bélgica", "Belgien"]),
    ("BR", ["Brazil", "巴西", "Brasil", "Brasilien"]),
    ("CA", ["Canada", "加拿大", "Canadá", "Kanada"]),
    ("CH", ["Switzerland", "瑞士", "Suiza", "Schweiz"]),
    ("CL", ["Chile", "智利", "Chile", "Chile"]),
    ("CN", ["China", "中国", "China", "China"]),
    ("CO", ["Colombia", "哥伦比亚", "Colombia", "Kolumbien"]),
    ("DE", ["Germany", "德国", "Alemania", "Deutschland"]),
    ("DK", ["Denmark", "丹麦", "Dinamarca", "Dänemark"]),
    ("ES", ["Spain", "西班牙", "España", "Spanien"]),
    ("FI", ["Finland", "芬兰", "Finlandia", "Finnland"]),
    ("FR", ["France", "法国", "Francia", "Frankreich"]),
    ("GB", ["United Kingdom", "英国", "Reino Unido", "Vereinigtes Königreich"]),
    ("HK", ["Hong Kong", "香港", "Hong Kong", "Hongkong"]),
    ("ID", ["Indonesia", "印度尼西亚", "Indonesia", "Indonesien"]),
    ("IE", ["Ireland", "爱尔兰", "Irlanda", "Irland"]),
    ("IN", ["India", "印度", "India", "Indien"]),
    ("IT", ["Italy", "意大利", "Italia", "Italien"]),
    ("JP", ["Japan", "日本", "Japón", "Japan"]),
    ("KR", ["South Korea", "韩国", "Corea del Sur", "Südkorea"]),
    ("MX", ["Mexico", "墨西哥", "México", "Mexiko"]),
    ("MY", ["Malaysia", "马来西亚", "Malasia", "Malaysia"]),
    ("NL", ["Netherlands", "荷兰", "Países Bajos", "Niederlande"]),
    ("NO", ["Norway", "挪威", "Noruega", "Norwegen"]),
    ("NZ", ["New Zealand", "新西兰", "Nueva Zelanda", "Neuseeland"]),
    ("PH", ["Philippines", "菲律宾", "Filipinas", "Philippinen"]),
    ("PL", ["Poland", "波兰", "Polonia", "Polen"]),
    ("PT", ["Portugal", "葡萄牙", "Portugal", "Portugal"]),
    ("QA", ["Qatar", "卡塔尔", "Catar", "Katar"]),
    ("SE", ["Sweden", "瑞典", "Suecia", "Schweden"]),
    ("SG", ["Singapore", "新加坡", "Singapur", "Singapur"]),
    ("TH", ["Thailand", "泰国", "Tailandia", "Thailand"]),
    ("TR", ["Türkiye", "土耳其", "Turquía", "Türkei"]),
    ("TW", ["Taiwan", "台湾", "Taiwán", "Taiwan"]),
    ("US", ["United States", "美国", "Estados Unidos", "USA"]),
    ("VN", ["Vietnam", "越南", "Vietnam", "Vietnam"]),
];

/// A country's name from its ISO 3166-1 alpha-2 code (either case); an unknown code comes back
/// as it was given.
pub fn country_name(locale: Locale, iso: &str) -> String {
    let code = iso.trim();
    COUNTRIES
        .iter()
        .find(|(c, _)| c.eq_ignore_ascii_case(code))
        .map_or_else(|| iso.to_owned(), |(_, names)| pick(locale, *names).to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn countries_are_named_and_unknown_codes_pass_through() {
        assert_eq!(country_name(Locale::En, "CN"), "China");
        assert_eq!(country_name(Locale::ZhHans, "us"), "美国");
        assert_eq!(country_name(Locale::Es, "DE"), "Alemania");
        assert_eq!(country_name(Locale::De, "GB"), "Vereinigtes Königreich");
        assert_eq!(country_name(Locale::De, "ZZ"), "ZZ");
        let codes: BTreeSet<_> = COUNTRIES.iter().map(|(c, _)| *c).collect();
        assert_eq!(codes.len(), COUNTRIES.len(), "a country is listed twice");
    }
}
