import sharp from 'sharp';
import { LIMITS } from '../../contract/limits.ts';
import { AppError } from '../errors.ts';

/** Larger images are refused rather than decoded: a small file can claim a huge canvas (a pixel bomb). */
const MAX_INPUT_PIXELS = 80_000_000;

export interface ImagePreview {
  width: number;
  height: number;
  thumbnail: Buffer;
}

/** The image's size as shown (EXIF rotation applied) and a small WebP of it; 415 when it does not decode. */
export async function previewImage(file: string): Promise<ImagePreview> {
  try {
    const image = sharp(file, { limitInputPixels: MAX_INPUT_PIXELS });
    const metadata = await image.metadata();
    const width = metadata.autoOrient.width;
    const height = metadata.autoOrient.height;
    const thumbnail = await image
      .rotate()
      .resize(LIMITS.thumbnailMaxPixels, LIMITS.thumbnailMaxPixels, {
        fit: 'inside',
        withoutEnlargement: true,
      })
      .webp({ quality: 75 })
      .toBuffer();
    return { width, height, thumbnail };
  } catch {
    throw new AppError(415, 'UNSUPPORTED_MEDIA_TYPE', 'The image could not be read');
  }
}
