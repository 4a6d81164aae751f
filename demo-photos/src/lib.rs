//! The photos of fieldsync's demo data, drawn: a simple scene of what was
//! photographed (hoarding, bare soil, a site road, a wash trough, a
//! building frame, scaffolding, a village house) under the stamp inspectors'
//! camera apps put on site photos (time, place, coordinates, what it
//! shows), encoded as a JPEG carrying the EXIF block it is given.
//!
//! A crate of its own so that it is compiled optimised in debug builds too
//! (the JPEG encoder is generic and compiled where it is used): the demo
//! draws a few hundred photos on its first start.

use ab_glyph::{Font, FontRef, PxScale, ScaleFont, point};
use chrono::{DateTime, FixedOffset};
use image::{ImageEncoder, Rgb, RgbImage, codecs::jpeg::JpegEncoder};

/// The glyphs the demo draws: see `scripts/demo-font`.
const FONT: &[u8] = include_bytes!("font/demo.ttf");

const WIDTH: u32 = 640;
const HEIGHT: u32 = 480;

/// What a photo shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Subject {
    /// The site's hoarding.
    Hoarding,
    /// Stored soil or material, covered with green netting or not.
    Soil { covered: bool },
    /// A site road or exit.
    Road,
    /// A wash trough at an exit.
    WashTrough,
    /// A building's concrete frame.
    Frame,
    /// Scaffolding on a facade.
    Scaffold,
    /// A village house, sound or in disrepair.
    House { sound: bool },
}

/// One photo to draw.
#[derive(Debug, Clone)]
pub struct Shot<'a> {
    /// What it shows.
    pub subject: Subject,
    /// When it was taken, in the bureau's time zone.
    pub at: DateTime<FixedOffset>,
    /// Where.
    pub latitude: f64,
    /// Where.
    pub longitude: f64,
    /// The place's name (site, or household and village).
    pub place: &'a str,
    /// What it is of, in the inspector's words.
    pub caption: &'a str,
}

/// The photo as JPEG bytes, with `exif` (TIFF data, as in an APP1 segment
/// after "Exif\0\0") as its EXIF block.
pub fn draw(shot: &Shot<'_>, exif: Vec<u8>) -> anyhow::Result<Vec<u8>> {
    stamp(backdrop(shot.subject), shot, exif)
}

/// The scene of `subject`, without the stamp: the same for every photo of
/// it, so a camera draws it once.
pub fn backdrop(subject: Subject) -> RgbImage {
    let mut img = RgbImage::new(WIDTH, HEIGHT);
    // A hazy sky over the ground.
    let horizon = HEIGHT * 11 / 20;
    for y in 0..HEIGHT {
        let color = if y < horizon {
            mix(Rgb([150, 178, 205]), Rgb([214, 222, 228]), y as f32 / horizon as f32)
        } else {
            mix(Rgb([150, 132, 104]), Rgb([112, 98, 78]), (y - horizon) as f32 / (HEIGHT - horizon) as f32)
        };
        for x in 0..WIDTH {
            img.put_pixel(x, y, color);
        }
    }
    self::subject(&mut img, subject, horizon);
    img
}

/// Stamps `shot`'s time, place and caption on `img`; the JPEG bytes, with
/// `exif` as their EXIF block (see [`draw`]).
pub fn stamp(mut img: RgbImage, shot: &Shot<'_>, exif: Vec<u8>) -> anyhow::Result<Vec<u8>> {
    let font = FontRef::try_from_slice(FONT)?;
    watermark(&mut img, &font, shot);
    let mut jpeg = Vec::new();
    let mut encoder = JpegEncoder::new_with_quality(&mut jpeg, 72);
    encoder.set_exif_metadata(exif)?;
    encoder.write_image(img.as_raw(), img.width(), img.height(), image::ExtendedColorType::Rgb8)?;
    Ok(jpeg)
}

/// Whether the demo's font draws every character of `text`.
pub fn can_draw(text: &str) -> bool {
    FontRef::try_from_slice(FONT).is_ok_and(|font| text.chars().all(|c| c.is_whitespace() || font.glyph_id(c).0 != 0))
}

fn mix(a: Rgb<u8>, b: Rgb<u8>, t: f32) -> Rgb<u8> {
    let t = t.clamp(0.0, 1.0);
    Rgb(std::array::from_fn(|i| (f32::from(a[i]) * (1.0 - t) + f32::from(b[i]) * t) as u8))
}

/// Fills a rectangle, clipped to the image.
fn rect(img: &mut RgbImage, (x0, y0): (i64, i64), (w, h): (i64, i64), color: Rgb<u8>) {
    let (width, height) = (i64::from(img.width()), i64::from(img.height()));
    for y in y0.max(0)..(y0 + h).min(height) {
        for x in x0.max(0)..(x0 + w).min(width) {
            img.put_pixel(x as u32, y as u32, color);
        }
    }
}

/// Fills a triangle with its apex at `top` over a base from `left` to `right` at `base_y`.
fn gable(img: &mut RgbImage, top: (i64, i64), (left, right): (i64, i64), base_y: i64, color: Rgb<u8>) {
    for y in top.1..base_y {
        let t = (y - top.1) as f32 / (base_y - top.1).max(1) as f32;
        let x0 = top.0 as f32 + (left - top.0) as f32 * t;
        let x1 = top.0 as f32 + (right - top.0) as f32 * t;
        rect(img, (x0 as i64, y), ((x1 - x0) as i64 + 1, 1), color);
    }
}

fn subject(img: &mut RgbImage, subject: Subject, horizon: u32) {
    let h = i64::from(horizon);
    let w = i64::from(WIDTH);
    match subject {
        Subject::Hoarding => {
            // Blue and white panels along the site's edge.
            for (i, x) in (0..w).step_by(64).enumerate() {
                let color = if i % 2 == 0 { Rgb([36, 92, 168]) } else { Rgb([232, 236, 240]) };
                rect(img, (x, h - 120), (64, 130), color);
            }
            rect(img, (0, h - 124), (w, 6), Rgb([60, 60, 60]));
        }
        Subject::Soil { covered } => {
            let color = if covered { Rgb([46, 120, 62]) } else { Rgb([138, 104, 66]) };
            gable(img, (w / 2, h - 110), (60, w - 60), h + 60, color);
            if covered {
                for x in (80..w - 80).step_by(18) {
                    rect(img, (x, h - 40), (2, 96), Rgb([30, 90, 44]));
                }
            }
        }
        Subject::Road => {
            gable(img, (w / 2, h - 6), (-w / 2, w + w / 2), i64::from(HEIGHT), Rgb([120, 122, 124]));
            rect(img, (w / 2 - 4, h + 20), (8, 40), Rgb([230, 230, 220]));
            rect(img, (w / 2 - 6, h + 90), (12, 60), Rgb([230, 230, 220]));
        }
        Subject::WashTrough => {
            rect(img, (90, h + 10), (w - 180, 90), Rgb([150, 150, 146]));
            rect(img, (110, h + 24), (w - 220, 60), Rgb([92, 132, 160]));
            for x in (120..w - 120).step_by(24) {
                rect(img, (x, h + 20), (6, 70), Rgb([70, 70, 72]));
            }
        }
        Subject::Frame | Subject::Scaffold => {
            // A concrete frame of floors and columns.
            let (left, top) = (150, h - 230);
            rect(img, (left, top), (340, 240), Rgb([176, 172, 164]));
            for floor in 0..5 {
                rect(img, (left + 16, top + 16 + floor * 46), (308, 28), Rgb([96, 96, 100]));
            }
            if subject == Subject::Scaffold {
                for x in (left - 20..left + 360).step_by(22) {
                    rect(img, (x, top - 10), (3, 252), Rgb([210, 150, 40]));
                }
                for y in (top..h + 10).step_by(30) {
                    rect(img, (left - 20, y), (380, 3), Rgb([210, 150, 40]));
                }
            }
        }
        Subject::House { sound } => {
            let wall = if sound { Rgb([214, 200, 178]) } else { Rgb([170, 150, 124]) };
            rect(img, (170, h - 120), (300, 150), wall);
            gable(img, (320, h - 210), (150, 490), h - 118, Rgb([128, 64, 52]));
            rect(img, (290, h - 40), (60, 70), Rgb([90, 60, 40]));
            rect(img, (200, h - 90), (56, 44), Rgb([70, 90, 110]));
            rect(img, (384, h - 90), (56, 44), Rgb([70, 90, 110]));
            if !sound {
                // A crack down the wall.
                for (i, y) in (h - 118..h + 20).enumerate() {
                    rect(img, (250 + ((i / 6) % 2) as i64 * 3 + i as i64 / 10, y), (3, 1), Rgb([60, 50, 40]));
                }
            }
        }
    }
}

/// The camera app's stamp: time large, then place, coordinates and caption.
fn watermark(img: &mut RgbImage, font: &FontRef<'_>, shot: &Shot<'_>) {
    let top = i64::from(HEIGHT) - 150;
    for y in top..i64::from(HEIGHT) - 12 {
        for x in 12..372 {
            let p = img.get_pixel(x as u32, y as u32);
            img.put_pixel(x as u32, y as u32, mix(*p, Rgb([20, 24, 28]), 0.62));
        }
    }
    rect(img, (12, top), (6, 138), Rgb([240, 170, 30]));
    let white = Rgb([255, 255, 255]);
    text(img, font, (28.0, top as f32 + 8.0), 34.0, white, &shot.at.format("%H:%M").to_string());
    text(img, font, (130.0, top as f32 + 12.0), 17.0, white, &shot.at.format("%Y-%m-%d").to_string());
    let lines =
        [shot.place.to_owned(), format!("{:.5}°N  {:.5}°E", shot.latitude, shot.longitude), shot.caption.to_owned()];
    for (i, line) in lines.iter().enumerate() {
        text(img, font, (28.0, top as f32 + 54.0 + 26.0 * i as f32), 18.0, white, line);
    }
}

/// Draws `line` with its top-left at `at`, `px` high.
fn text(img: &mut RgbImage, font: &FontRef<'_>, at: (f32, f32), px: f32, color: Rgb<u8>, line: &str) {
    let scale = PxScale::from(px);
    let scaled = font.as_scaled(scale);
    let mut caret = at.0;
    for c in line.chars() {
        let id = font.glyph_id(c);
        let glyph = id.with_scale_and_position(scale, point(caret, at.1 + scaled.ascent()));
        caret += scaled.h_advance(id);
        let Some(outline) = font.outline_glyph(glyph) else { continue };
        let bounds = outline.px_bounds();
        outline.draw(|gx, gy, coverage| {
            let (x, y) = (bounds.min.x as i64 + i64::from(gx), bounds.min.y as i64 + i64::from(gy));
            if (0..i64::from(img.width())).contains(&x) && (0..i64::from(img.height())).contains(&y) {
                let p = img.get_pixel(x as u32, y as u32);
                img.put_pixel(x as u32, y as u32, mix(*p, color, coverage));
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_drawn_photo_is_a_jpeg_of_its_size_with_the_exif_block_given() {
        use exif::{Field, In, Reader, Tag, Value, experimental::Writer};
        let at = DateTime::parse_from_rfc3339("2026-10-12T09:31:00+08:00").unwrap();
        let shot = Shot {
            subject: Subject::Soil { covered: false },
            at,
            latitude: 37.0712,
            longitude: 115.6653,
            place: "清河县",
            caption: "整改前",
        };
        let field = Field {
            tag: Tag::DateTimeOriginal,
            ifd_num: In::PRIMARY,
            value: Value::Ascii(vec![b"2026:10:12 09:31:00".to_vec()]),
        };
        let mut writer = Writer::new();
        writer.push_field(&field);
        let mut tiff = std::io::Cursor::new(Vec::new());
        writer.write(&mut tiff, false).unwrap();
        let jpeg = draw(&shot, tiff.into_inner()).unwrap();
        let decoded = image::load_from_memory(&jpeg).unwrap();
        assert_eq!((decoded.width(), decoded.height()), (WIDTH, HEIGHT));
        let read = Reader::new().read_from_container(&mut std::io::Cursor::new(&jpeg)).unwrap();
        let taken = read.get_field(Tag::DateTimeOriginal, In::PRIMARY).unwrap();
        assert_eq!(taken.display_value().to_string(), "2026-10-12 09:31:00");
    }

    #[test]
    fn the_font_draws_what_it_was_cut_for_and_nothing_else() {
        assert!(can_draw("清河县 整改前：09:31 37.07120°N"));
        assert!(!can_draw("\u{4e28}"), "a character no demo text uses is not in the font");
    }
}
