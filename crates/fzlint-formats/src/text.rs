//! Bytes → text with a map back to the bytes: UTF-8 (with or without BOM), UTF-16 LE/BE with a
//! BOM, and GB18030 (which covers GBK and GB2312), or an encoding the user names.

use crate::ReadError;
use encoding_rs::{Encoding, GB18030, UTF_16BE, UTF_16LE, UTF_8};
use fzlint_core::{SourceMap, SourceMapBuilder};

/// Looks up an encoding by a name users write: utf-8, gb18030, gbk, gb2312, utf-16le, utf-16be.
pub fn encoding_for(label: &str) -> Option<&'static Encoding> {
    Encoding::for_label(label.trim().as_bytes())
}

/// Decodes `bytes`; `forced` skips detection. Returns the text and a map from text offsets to
/// byte offsets in `bytes`.
pub fn decode(
    bytes: &[u8],
    forced: Option<&'static Encoding>,
) -> Result<(String, SourceMap, &'static Encoding), ReadError> {
    let (encoding, bom) = match (forced, Encoding::for_bom(bytes)) {
        (Some(e), Some((b, len))) if e == b => (e, len),
        (Some(e), _) => (e, 0),
        (None, Some((e, len))) => (e, len),
        (None, None) => {
            if bytes[..bytes.len().min(8192)].contains(&0) {
                return Err(ReadError::Binary);
            }
            // encoding_rs's validator is several times faster than the standard library's
            match Encoding::utf8_valid_up_to(bytes) {
                n if n == bytes.len() => (UTF_8, 0),
                utf8_error => {
                    // Mostly UTF-8 with a few bad bytes is a damaged UTF-8 file (a character cut
                    // in two), not GB18030: decoding it as GB18030 would turn it into nonsense.
                    if mostly_utf8(bytes) {
                        return Err(ReadError::InvalidUtf8 { at: utf8_error });
                    }
                    // Not UTF-8: GB18030 is what Chinese offices write when it is not.
                    if GB18030
                        .decode_without_bom_handling_and_without_replacement(bytes)
                        .is_some()
                    {
                        (GB18030, 0)
                    } else {
                        return Err(ReadError::Undecodable {
                            utf8_error_at: utf8_error,
                        });
                    }
                }
            }
        }
    };
    let body = &bytes[bom..];
    let text = encoding
        .decode_without_bom_handling_and_without_replacement(body)
        .ok_or(ReadError::BadEncoding {
            encoding: encoding.name(),
        })?
        .into_owned();
    let map = map_for(&text, body, encoding, bom);
    Ok((text, map, encoding))
}

/// True if the non-ASCII text decodes as UTF-8 at least four times as often as it fails. GB18030
/// text almost never forms valid UTF-8 sequences, so this tells damaged UTF-8 from it.
fn mostly_utf8(bytes: &[u8]) -> bool {
    let (mut good, mut bad) = (0usize, 0usize);
    let mut rest = bytes;
    loop {
        match std::str::from_utf8(rest) {
            Ok(s) => {
                good += s.chars().filter(|c| !c.is_ascii()).count();
                return good >= 4 * bad.max(1);
            }
            Err(e) => {
                let (valid, after) = rest.split_at(e.valid_up_to());
                good += std::str::from_utf8(valid)
                    .map_or(0, |s| s.chars().filter(|c| !c.is_ascii()).count());
                bad += 1;
                rest = &after[e.error_len().unwrap_or(after.len()).max(1).min(after.len())..];
            }
        }
    }
}

/// How many bytes each character took in the file. For multi-byte legacy encodings this is
/// read off the decoder itself, byte by byte: re-encoding a character does not always give
/// back its bytes (GB18030 decodes the single byte 0x80 to €, which it encodes in two).
fn map_for(text: &str, body: &[u8], encoding: &'static Encoding, bom: usize) -> SourceMap {
    let mut b = SourceMapBuilder::new();
    b.skip_target(bom);
    if encoding == UTF_8 {
        b.push(text.len(), 1, 1);
        return b.finish();
    }
    if encoding == UTF_16LE || encoding == UTF_16BE {
        for c in text.chars() {
            b.push(1, c.len_utf8(), c.len_utf16() * 2);
        }
        return b.finish();
    }
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let mut out = [0u8; 16];
    let mut consumed = 0;
    for (i, byte) in body.iter().enumerate() {
        let last = i + 1 == body.len();
        let (_, read, written) =
            decoder.decode_to_utf8_without_replacement(std::slice::from_ref(byte), &mut out, last);
        consumed += read;
        if written > 0 {
            // the bytes since the last character belong to the first character written
            let decoded = std::str::from_utf8(&out[..written]).unwrap_or("\u{fffd}");
            for (k, c) in decoded.chars().enumerate() {
                b.push(1, c.len_utf8(), if k == 0 { consumed } else { 0 });
            }
            consumed = 0;
        }
    }
    b.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gb18030_maps_back_to_file_bytes() {
        let text = "第1条 布署€";
        let (bytes, _, _) = GB18030.encode(text);
        let (decoded, map, enc) = decode(&bytes, None).unwrap();
        assert_eq!(decoded, text);
        assert_eq!(enc, GB18030);
        // 第 = 2 bytes, 1 = 1, 条 = 2, space = 1 → 布 at byte 6
        let at = decoded.find("布").unwrap();
        assert_eq!(map.map(at), 6);
        assert_eq!(&bytes[6..8], &GB18030.encode("布").0[..]);
        assert_eq!(map.map(decoded.len()), bytes.len());
    }

    /// Found by the engine fuzz target: GB18030 decodes the byte 0x80 to €, which it encodes
    /// in two bytes, so lengths from re-encoding ran past the end of the file.
    #[test]
    fn byte_lengths_come_from_the_decoder() {
        let bytes = b"\xb2\xbc\x80\xca\xf0a";
        let (decoded, map, enc) = decode(bytes, None).unwrap();
        assert_eq!(enc, GB18030);
        assert_eq!(decoded.chars().nth(1), Some('€'));
        assert_eq!(map.map(decoded.find('€').unwrap()), 2);
        assert_eq!(map.map(decoded.find('a').unwrap()), 5);
        assert_eq!(map.map_end(decoded.len()), bytes.len());
    }

    #[test]
    fn utf16_with_bom() {
        let mut bytes = vec![0xFF, 0xFE];
        for u in "法治a".encode_utf16() {
            bytes.extend_from_slice(&u.to_le_bytes());
        }
        let (decoded, map, enc) = decode(&bytes, None).unwrap();
        assert_eq!((decoded.as_str(), enc), ("法治a", UTF_16LE));
        assert_eq!(map.map(decoded.find('治').unwrap()), 4);
        assert_eq!(map.map(decoded.find('a').unwrap()), 6);
    }

    #[test]
    fn utf8_bom_binary_and_garbage() {
        let (t, map, _) = decode(b"\xEF\xBB\xBFabc", None).unwrap();
        assert_eq!((t.as_str(), map.map(1)), ("abc", 4));
        assert!(matches!(
            decode(b"PK\x03\x04\x00\x00", None),
            Err(ReadError::Binary)
        ));
        // 0xFF is neither UTF-8 nor a GB18030 lead byte
        assert!(matches!(
            decode(b"ab\xFF\xFFcd", None),
            Err(ReadError::Undecodable { utf8_error_at: 2 })
        ));
    }

    #[test]
    fn forced_encoding_must_fit() {
        let gbk = GB18030.encode("法治").0.into_owned();
        assert!(decode(&gbk, Some(UTF_8)).is_err());
        assert_eq!(decode(&gbk, encoding_for("gbk")).unwrap().0, "法治");
    }
}
