import type { Appointment } from '@carebook/api-client';
import type { AppointmentAction } from '@carebook/shared';

/** Actions the oversight table takes itself; rescheduling needs the slot picker of the detail page. */
export type TableAction = Exclude<AppointmentAction, 'reschedule'>;

export const ACTION_LABELS: Record<AppointmentAction, string> = {
  approve: 'Approve',
  decline: 'Decline',
  cancel: 'Cancel',
  reschedule: 'Reschedule',
  complete: 'Complete',
  no_show: 'No-show',
};

/** Past tense for the snackbar: "Approved Olivia Bennett with Dr Amara Okafor". */
export const ACTION_DONE: Record<TableAction, string> = {
  approve: 'Approved',
  decline: 'Declined',
  cancel: 'Cancelled',
  complete: 'Completed',
  no_show: 'Marked as no-show',
};

const PRIMARY: TableAction[] = ['approve', 'decline', 'complete', 'no_show'];

export interface ActionButtons {
  /** Shown as buttons in the row: the answer a request or a past appointment waits for. */
  primary: TableAction[];
  /** In the row's menu: cancelling beside a decision, or alone for a confirmed appointment ahead. */
  more: TableAction[];
  /** Offer rescheduling (on the detail page). */
  reschedule: boolean;
}

/** How a row offers what the server says the admin may do now (`actions`), so buttons never promise a refusal. */
export function actionButtons(appointment: Pick<Appointment, 'actions'>): ActionButtons {
  const allowed = appointment.actions;
  const primary = PRIMARY.filter((action) => allowed.includes(action));
  const canCancel = allowed.includes('cancel');
  if (primary.length === 0 && canCancel) return { primary: ['cancel'], more: [], reschedule: allowed.includes('reschedule') };
  return { primary, more: canCancel ? ['cancel'] : [], reschedule: allowed.includes('reschedule') };
}

/** The test id of an action's button: `approve-<id>`, `no-show-<id>`. */
export function actionTestId(action: AppointmentAction, id: string): string {
  return `${action.replace('_', '-')}-${id}`;
}
