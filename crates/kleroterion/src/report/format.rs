//! Numbers and dates as each language writes them.

use super::language::Language;

/// A whole number with the language's thousands separator (English 10,000; French 10 000
/// with a narrow no-break space; Spanish 10.000, but 1000 without one, as the RAE advises).
pub fn whole(n: u64, language: Language) -> String {
    let digits = n.to_string();
    let separator = match language {
        Language::English => ",",
        Language::French => "\u{202f}",
        Language::Spanish if digits.len() <= 4 => return digits,
        Language::Spanish => ".",
    };
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push_str(separator);
        }
        out.push(c);
    }
    out
}

/// A probability as a percentage with `decimals` decimals (English 8.25%, French 8,25 %,
/// Spanish 8,25 %).
pub fn percent(p: f64, decimals: usize, language: Language) -> String {
    let text = format!("{:.*}", decimals, 100.0 * p);
    match language {
        Language::English => format!("{text}%"),
        Language::French | Language::Spanish => format!("{}\u{a0}%", text.replace('.', ",")),
    }
}

/// A number with one decimal, in the language's decimal sign (English 2.5, French 2,5).
pub fn tenths(x: f64, language: Language) -> String {
    let text = format!("{x:.1}");
    match language {
        Language::English => text,
        Language::French | Language::Spanish => text.replace('.', ","),
    }
}

const MONTHS: [[&str; 12]; 3] = [
    [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
    [
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ],
    [
        "enero",
        "febrero",
        "marzo",
        "abril",
        "mayo",
        "junio",
        "julio",
        "agosto",
        "septiembre",
        "octubre",
        "noviembre",
        "diciembre",
    ],
];

/// A calendar date (proleptic Gregorian, UTC).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Date {
    /// The year.
    pub year: i64,
    /// The month, 1..=12.
    pub month: u32,
    /// The day of the month, 1..=31.
    pub day: u32,
}

impl Date {
    /// The UTC date `seconds` after the Unix epoch (Howard Hinnant's days-to-civil).
    pub fn from_unix(seconds: i64) -> Date {
        let z = seconds.div_euclid(86_400) + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = yoe + era * 400 + i64::from(month <= 2);
        Date { year, month, day }
    }

    /// Today (UTC), or the date of `SOURCE_DATE_EPOCH` when set, so that a report can be
    /// rebuilt byte for byte.
    pub fn today() -> Date {
        let seconds = std::env::var("SOURCE_DATE_EPOCH")
            .ok()
            .and_then(|s| s.trim().parse().ok())
            .unwrap_or_else(|| {
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map_or(0, |d| d.as_secs() as i64)
            });
        Date::from_unix(seconds)
    }

    /// The date in words: 3 December 2026, 3 décembre 2026, 3 de diciembre de 2026.
    pub fn in_words(self, language: Language) -> String {
        let (d, y) = (self.day, self.year);
        let m = self.month as usize - 1;
        match language {
            Language::English => format!("{d} {} {y}", MONTHS[0][m]),
            Language::French if d == 1 => format!("1er {} {y}", MONTHS[1][m]),
            Language::French => format!("{d} {} {y}", MONTHS[1][m]),
            Language::Spanish => format!("{d} de {} de {y}", MONTHS[2][m]),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_dates_in_each_language() {
        assert_eq!(whole(1234567, Language::English), "1,234,567");
        assert_eq!(whole(10000, Language::French), "10\u{202f}000");
        assert_eq!(whole(2500, Language::Spanish), "2500");
        assert_eq!(whole(12500, Language::Spanish), "12.500");
        assert_eq!(whole(999, Language::English), "999");
        assert_eq!(percent(0.0825, 2, Language::English), "8.25%");
        assert_eq!(percent(0.0825, 2, Language::French), "8,25\u{a0}%");
        let d = Date::from_unix(1_796_256_000); // 2026-12-03
        assert_eq!(
            d,
            Date {
                year: 2026,
                month: 12,
                day: 3
            }
        );
        assert_eq!(
            Date::from_unix(0),
            Date {
                year: 1970,
                month: 1,
                day: 1
            }
        );
        assert_eq!(
            Date::from_unix(951_782_400),
            Date {
                year: 2000,
                month: 2,
                day: 29
            }
        );
        assert_eq!(d.in_words(Language::Spanish), "3 de diciembre de 2026");
        assert_eq!(
            Date::from_unix(1_775_001_600).in_words(Language::French),
            "1er avril 2026"
        );
    }
}
