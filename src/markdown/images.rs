//! Markdown images as accessible, lazily loaded `<img>` elements, with the width and height read
//! from the file's header (PNG, GIF, JPEG, WebP, SVG) so the page does not jump as images arrive.

use super::escape;

/// An `<img>` for `src` (already a site URL) with alt text and, when known, intrinsic size.
pub fn img(src: &str, alt: &str, title: &str, size: Option<(u32, u32)>) -> String {
    let mut html = String::from("<img src=\"");
    // Hrefs are escaped as pulldown-cmark escapes link hrefs, so a file's name reads the same in
    // a link and in an image.
    let _ = pulldown_cmark_escape::escape_href(&mut html, src);
    html.push_str("\" alt=\"");
    html.push_str(&escape(alt));
    html.push('"');
    if !title.is_empty() {
        html.push_str(&format!(" title=\"{}\"", escape(title)));
    }
    if let Some((w, h)) = size {
        html.push_str(&format!(" width=\"{w}\" height=\"{h}\""));
    }
    html.push_str(" loading=\"lazy\" decoding=\"async\">");
    html
}

/// Width and height in pixels from an image file's header, if it is a format we can read.
pub fn dimensions(bytes: &[u8]) -> Option<(u32, u32)> {
    let size = if bytes.starts_with(b"\x89PNG\r\n\x1a\n") && bytes.get(12..16) == Some(b"IHDR") {
        Some((be32(bytes, 16)?, be32(bytes, 20)?))
    } else if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        Some((u32::from(le16(bytes, 6)?), u32::from(le16(bytes, 8)?)))
    } else if bytes.starts_with(&[0xff, 0xd8]) {
        jpeg(bytes)
    } else if bytes.starts_with(b"RIFF") && bytes.get(8..12) == Some(b"WEBP") {
        webp(bytes)
    } else {
        svg(bytes)
    };
    size.filter(|&(w, h)| w > 0 && h > 0)
}

fn be16(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes(b.get(at..at + 2)?.try_into().ok()?))
}

fn le16(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(b.get(at..at + 2)?.try_into().ok()?))
}

fn be32(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

fn le24(b: &[u8], at: usize) -> Option<u32> {
    let s = b.get(at..at + 3)?;
    Some(u32::from(s[0]) | u32::from(s[1]) << 8 | u32::from(s[2]) << 16)
}

/// Walks the JPEG segments to the first start-of-frame marker, which holds the size.
fn jpeg(b: &[u8]) -> Option<(u32, u32)> {
    let mut i = 2;
    loop {
        if *b.get(i)? != 0xff {
            return None;
        }
        let marker = *b.get(i + 1)?;
        if marker == 0xff {
            i += 1; // fill byte
            continue;
        }
        // SOF0–SOF15, except DHT (c4), JPG (c8) and DAC (cc), which share the range.
        if (0xc0..=0xcf).contains(&marker) && !matches!(marker, 0xc4 | 0xc8 | 0xcc) {
            return Some((u32::from(be16(b, i + 7)?), u32::from(be16(b, i + 5)?)));
        }
        i += 2 + usize::from(be16(b, i + 2)?);
    }
}

fn webp(b: &[u8]) -> Option<(u32, u32)> {
    match b.get(12..16)? {
        b"VP8 " => Some((u32::from(le16(b, 26)? & 0x3fff), u32::from(le16(b, 28)? & 0x3fff))),
        b"VP8L" => {
            let bits = u32::from_le_bytes(b.get(21..25)?.try_into().ok()?);
            Some(((bits & 0x3fff) + 1, ((bits >> 14) & 0x3fff) + 1))
        }
        b"VP8X" => Some((le24(b, 24)? + 1, le24(b, 27)? + 1)),
        _ => None,
    }
}

/// An SVG's `width` and `height` on its root element, when both are plain pixel numbers.
fn svg(b: &[u8]) -> Option<(u32, u32)> {
    let head = &b[..b.len().min(4096)];
    // The cut may split a character; what comes before it is enough.
    let text =
        std::str::from_utf8(head).unwrap_or_else(|e| std::str::from_utf8(&head[..e.valid_up_to()]).unwrap_or(""));
    let start = text.find("<svg")?;
    let tag = &text[start..start + text[start..].find('>')?];
    let attr = |name: &str| -> Option<u32> {
        let at = tag.find(&format!(" {name}="))? + name.len() + 2;
        let quote = tag[at..].chars().next()?;
        let value = tag[at + 1..].split(quote).next()?;
        value.strip_suffix("px").unwrap_or(value).trim().parse().ok()
    };
    Some((attr("width")?, attr("height")?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_sizes_from_headers() {
        let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
        png.extend(640u32.to_be_bytes());
        png.extend(480u32.to_be_bytes());
        assert_eq!(dimensions(&png), Some((640, 480)));
        assert_eq!(dimensions(b"GIF89a\x10\x00\x20\x00"), Some((16, 32)));
        let jpeg = [
            &[0xff, 0xd8, 0xff, 0xe0, 0x00, 0x04, 0x00, 0x00][..],
            &[0xff, 0xc0, 0x00, 0x11, 0x08, 0x01, 0xe0, 0x02, 0x80],
        ]
        .concat();
        assert_eq!(dimensions(&jpeg), Some((640, 480)));
        let svg = br#"<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="300" height="150px">"#;
        assert_eq!(dimensions(svg), Some((300, 150)));
        assert_eq!(dimensions(br#"<svg viewBox="0 0 3 1" width="100%">"#), None);
        assert_eq!(dimensions(b"%PDF-1.7"), None);
        assert_eq!(dimensions(b"\x89PNG\r\n\x1a\n"), None, "a truncated header is no size");
        assert_eq!(dimensions(&[0xff, 0xd8, 0xff]), None);
    }

    #[test]
    fn img_is_lazy_with_escaped_attributes() {
        let html = img("/sub/images/a b.png", "A \"chart\"", "", Some((2, 1)));
        assert_eq!(
            html,
            "<img src=\"/sub/images/a%20b.png\" alt=\"A &quot;chart&quot;\" width=\"2\" height=\"1\" loading=\"lazy\" decoding=\"async\">"
        );
    }
}
