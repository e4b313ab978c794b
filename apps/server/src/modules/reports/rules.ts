import { type Caller, type Classification, isoWeek } from '@samverkan/contracts';

/** What the visibility rules need to know about a report. */
export interface ReportAccess {
  actorId: string;
  classification: Classification;
  sharedWith: readonly string[];
}

/**
 * Öppen and Intern reports are read by every logged-in user of the actors;
 * Sekretess only by the reporting actor, the coordinators and the actors it names.
 */
export function canReadReport(viewer: Caller, report: ReportAccess): boolean {
  if (report.classification !== 'secret') return true;
  return (
    viewer.role === 'coordinator' || viewer.actorId === report.actorId || report.sharedWith.includes(viewer.actorId)
  );
}

/** A duty officer writes its own actor's reports; a coordinator any actor's. */
export function canWriteReportFor(writer: Caller, actorId: string): boolean {
  if (writer.role === 'coordinator') return true;
  return writer.role === 'duty_officer' && writer.actorId === actorId;
}

/** The live rooms a report's event may go to: the same people who may read it. */
export function reportRooms(report: ReportAccess): string[] {
  if (report.classification !== 'secret') return ['all'];
  return [
    'role:coordinator',
    `actor:${report.actorId}`,
    ...report.sharedWith.filter((a) => a !== report.actorId).map((a) => `actor:${a}`),
  ];
}

/**
 * A moment's reporting period: the ISO week ("2026-W48") in ordinary mode;
 * while activated the activation ("A3"), or its reporting round ("A3-R2")
 * once the coordinator has opened one.
 */
export function periodAt(at: Date, activationNumber: number | null, roundNumber: number | null = null): string {
  if (activationNumber === null) return isoWeek(at);
  return roundNumber === null ? `A${activationNumber}` : `A${activationNumber}-R${roundNumber}`;
}
