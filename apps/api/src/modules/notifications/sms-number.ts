import { parsePhoneNumberFromString } from 'libphonenumber-js';

/**
 * Where a text message to this phone number goes: the number in E.164 (`+442079460018`, as providers take it;
 * people type spaces and brackets) when it is a valid international number, otherwise null. A number without its
 * country code cannot be dialled from a provider, so it gets none.
 */
export function smsNumber(phone: string | null | undefined): string | null {
  if (!phone?.trim().startsWith('+')) return null;
  const number = parsePhoneNumberFromString(phone);
  return number?.isValid() ? number.number : null;
}
