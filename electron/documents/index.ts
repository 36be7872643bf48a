/**
 * The documents: compose a kit or a packet once into a DocModel, then render
 * it as Word, HTML, or PDF (HTML printed by Chromium). The CLI and the IPC
 * handlers call exactly this.
 */
export { composeKit, groupQuestions, planAgenda, RECOMMENDATIONS } from './compose-kit';
export type { KitOptions, Agenda, AgendaItem, QuestionGroup } from './compose-kit';
export { composePacket } from './compose-packet';
export type { PacketOptions } from './compose-packet';
export type { Composed, Warning } from './common';
export { renderDocx } from './docx';
export { renderHtml } from './html';
export type { HtmlOptions } from './html';
export { PdfPrinter, findChromium, CHROMIUM_ARGS } from './pdf';
export { sanitizeText, escapeHtml } from './sanitize';
export type { DocModel } from '../../shared/document-model';
