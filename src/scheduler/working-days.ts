// The New Zealand working-day calendar as the schedule sees it: a local date
// is a working day when it is Monday to Friday and no public holiday of the
// nation (or of HOLIDAY_REGION) is observed on it.
import { isWorkingDay, type WorkingCalendar } from '../core/calendar/nz-holidays.js';
import type { WorkingDays } from './cron-slots.js';

export function nzWorkingDays({ policy, region }: WorkingCalendar): WorkingDays {
  return { policy, isWorkingDay: (date) => isWorkingDay(date, region) };
}
