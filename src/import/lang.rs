//! A story's language, detected from its text (whatlang) when the
//! clipping does not say, as the ISO 639-1 code pages use in `lang`.

/// whatlang's ISO 639-3 codes and their ISO 639-1 forms.
const CODES: &[(&str, &str)] = &[
    ("afr", "af"),
    ("aka", "ak"),
    ("amh", "am"),
    ("ara", "ar"),
    ("aze", "az"),
    ("bel", "be"),
    ("ben", "bn"),
    ("bul", "bg"),
    ("cat", "ca"),
    ("ces", "cs"),
    ("cmn", "zh"),
    ("cym", "cy"),
    ("dan", "da"),
    ("deu", "de"),
    ("ell", "el"),
    ("eng", "en"),
    ("epo", "eo"),
    ("est", "et"),
    ("fin", "fi"),
    ("fra", "fr"),
    ("guj", "gu"),
    ("heb", "he"),
    ("hin", "hi"),
    ("hrv", "hr"),
    ("hun", "hu"),
    ("hye", "hy"),
    ("ind", "id"),
    ("ita", "it"),
    ("jav", "jv"),
    ("jpn", "ja"),
    ("kan", "kn"),
    ("kat", "ka"),
    ("khm", "km"),
    ("kor", "ko"),
    ("lat", "la"),
    ("lav", "lv"),
    ("lit", "lt"),
    ("mal", "ml"),
    ("mar", "mr"),
    ("mkd", "mk"),
    ("mya", "my"),
    ("nep", "ne"),
    ("nld", "nl"),
    ("nob", "nb"),
    ("ori", "or"),
    ("pan", "pa"),
    ("pes", "fa"),
    ("pol", "pl"),
    ("por", "pt"),
    ("ron", "ro"),
    ("rus", "ru"),
    ("sin", "si"),
    ("slk", "sk"),
    ("slv", "sl"),
    ("sna", "sn"),
    ("spa", "es"),
    ("srp", "sr"),
    ("swe", "sv"),
    ("tam", "ta"),
    ("tel", "te"),
    ("tgl", "tl"),
    ("tha", "th"),
    ("tuk", "tk"),
    ("tur", "tr"),
    ("ukr", "uk"),
    ("urd", "ur"),
    ("uzb", "uz"),
    ("vie", "vi"),
    ("yid", "yi"),
    ("zul", "zu"),
];

/// The language of a text, when the detector is sure of it.
pub fn detect(text: &str) -> Option<&'static str> {
    // A few thousand characters tell the language as well as a whole text.
    // Languages of one script (Russian, Ukrainian, Bulgarian) lower the
    // detector's confidence without making its first choice wrong.
    let info = whatlang::detect(crate::text::prefix(text, 4000))
        .filter(|i| i.is_reliable() || i.confidence() >= 0.25)?;
    let code = info.lang().code();
    CODES
        .iter()
        .find(|(three, _)| *three == code)
        .map(|(_, two)| *two)
}

#[cfg(test)]
mod tests {
    #[test]
    fn detects_the_languages_of_trafficking_archives() {
        for (text, want) in [
            (
                "The women were trafficked across the border and sold to brothel owners in the city, police said on Tuesday.",
                "en",
            ),
            (
                "Женщин перевезли через границу и продали владельцам борделей в городе, сообщила полиция во вторник.",
                "ru",
            ),
            (
                "Жінок перевезли через кордон і продали власникам борделів у місті, повідомила поліція у вівторок.",
                "uk",
            ),
            (
                "Femeile au fost traficate peste graniță și vândute proprietarilor de bordeluri din oraș, a anunțat poliția marți.",
                "ro",
            ),
            (
                "قالت الشرطة يوم الثلاثاء إن النساء تم الاتجار بهن عبر الحدود وبيعهن لأصحاب بيوت الدعارة في المدينة.",
                "ar",
            ),
            (
                "ตำรวจกล่าวเมื่อวันอังคารว่าผู้หญิงถูกค้ามนุษย์ข้ามชายแดนและถูกขายให้กับเจ้าของซ่องในเมือง",
                "th",
            ),
        ] {
            assert_eq!(
                super::detect(text),
                Some(want),
                "{text} {:?}",
                whatlang::detect(text)
            );
        }
        assert_eq!(super::detect("ok"), None);
        assert_eq!(crate::text::primary("en-GB"), "en");
    }
}
