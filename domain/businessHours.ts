import { z } from 'zod';

const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
const TIME = /^(?:[01]\d|2[0-3]):[0-5]\d$/;

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** When people are at the desk, e.g. `{"timeZone":"Europe/Berlin","days":["mon","tue","wed","thu","fri"],"open":"08:00","close":"18:00"}`. */
export const businessHoursSchema = z
  .object({
    timeZone: z.string().refine(isTimeZone, 'is not a time zone (for example Europe/Berlin)'),
    days: z.array(z.enum(DAYS)).min(1),
    open: z.string().regex(TIME, 'must be HH:MM'),
    close: z.string().regex(TIME, 'must be HH:MM'),
  })
  .refine((h) => h.open < h.close, { message: 'open must be before close', path: ['close'] });
export type BusinessHours = z.infer<typeof businessHoursSchema>;

/** Whether `at` falls inside the hours, on the clock and calendar of their time zone. */
export function withinBusinessHours(hours: BusinessHours, at: Date): boolean {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: hours.timeZone,
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  const day = part('weekday').toLowerCase().slice(0, 3) as (typeof DAYS)[number];
  const time = `${part('hour')}:${part('minute')}`;
  return hours.days.includes(day) && time >= hours.open && time < hours.close;
}
