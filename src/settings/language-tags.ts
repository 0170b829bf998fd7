// Language tags in the shape of BCP 47 (RFC 5646 "Language-Tag"), as security.txt's Preferred-Languages uses
// them; written in the conventional case (language lower, script title, region upper: "zh-Hant-TW").

const LANGTAG =
  /^(?:[a-z]{2,3}(?:-[a-z]{3}){0,3}|[a-z]{4}|[a-z]{5,8})(?:-[a-z]{4})?(?:-(?:[a-z]{2}|\d{3}))?(?:-(?:[a-z\d]{5,8}|\d[a-z\d]{3}))*(?:-[\da-wyz](?:-[a-z\d]{2,8})+)*(?:-x(?:-[a-z\d]{1,8})+)?$/i;
const PRIVATE_USE = /^x(?:-[a-z\d]{1,8})+$/i;

export function isLanguageTag(tag: string): boolean {
  return tag.length <= 64 && (LANGTAG.test(tag) || PRIVATE_USE.test(tag));
}

export function canonicalLanguageTag(tag: string): string {
  let extension = false;
  return tag
    .split('-')
    .map((part, i) => {
      if (part.length === 1) extension = true;
      if (i === 0 || extension) return part.toLowerCase();
      if (part.length === 2) return part.toUpperCase();
      if (part.length === 4 && /^[a-z]+$/i.test(part)) return part.slice(0, 1).toUpperCase() + part.slice(1).toLowerCase();
      return part.toLowerCase();
    })
    .join('-');
}
