/**
 * The register extract as a PDF in Swedish (registerutdrag, docs/records.md), with pdfkit and its
 * built-in Helvetica (WinAnsi: å, ä, ö and é print as they are). Words from web/sv.ts and
 * web/describe.ts, the same as on the web pages. The server hands this to the API
 * (`renderExtractPdf`), which answers `POST /people/extract` with it for `Accept: application/pdf`.
 */
import PDFDocument from 'pdfkit';
import type { RegisterExtract } from '../contract/extract';
import type { TimelineEvent } from '../domain/vocabulary';
import { eventDetail, eventLabel, formatDate } from './describe';
import { ACCESS_LABELS, CLOSE_REASON_LABELS, CRITERION_LABELS, EXCEPTION_LABELS, ROLE_LABELS, TRACK_LABELS, label } from './sv';

type Doc = InstanceType<typeof PDFDocument>;

const heading = (doc: Doc, text: string, size = 14) =>
  doc.moveDown(0.6).font('Helvetica-Bold').fontSize(size).text(text).font('Helvetica').fontSize(10);
const line = (doc: Doc, text: string) => doc.text(text, { paragraphGap: 2 });
const field = (doc: Doc, name: string, value: string) =>
  doc.font('Helvetica-Bold').text(`${name}: `, { continued: true }).font('Helvetica').text(value);

function personSection(doc: Doc, e: RegisterExtract): void {
  heading(doc, 'Personen');
  if (e.person.protectedIdentity) {
    line(doc, 'Personen har skyddade personuppgifter. Namn och personnummer visas inte i detta utdrag.');
    return;
  }
  field(doc, 'Namn', `${e.person.name.given} ${e.person.name.family}`);
  field(doc, 'Personnummer', e.person.personnummer);
}

function caseSection(doc: Doc, c: RegisterExtract['cases'][number]): void {
  heading(doc, `Ärende ${c.caseId}`, 12);
  field(doc, 'Status', c.status === 'open' ? 'Pågående' : c.archived ? 'Avslutat (arkiverat)' : 'Avslutat');
  if (c.case) {
    field(doc, 'Första sjukdag', c.case.firstSickDay);
    field(doc, 'Sysselsättning', label(TRACK_LABELS, c.case.track));
    if (c.case.employer) field(doc, 'Arbetsgivare', `${c.case.employer.name ?? ''} (${c.case.employer.orgNr})`.trim());
    field(doc, 'Bedömningsgrund', label(CRITERION_LABELS, c.case.criterion));
    field(doc, 'Omfattning', `${c.case.degree} %`);
    if (c.case.closeReason) field(doc, 'Skäl till avslut', label(CLOSE_REASON_LABELS, c.case.closeReason));
    if (c.case.caseworkerId) field(doc, 'Handläggare', c.case.caseworkerId);
  }
  doc
    .moveDown(0.4)
    .font('Helvetica-Bold')
    .text('Händelser (beslut, samtycken, brev och meddelanden, möten, förfrågningar)')
    .font('Helvetica');
  if (!c.timeline.length) line(doc, 'Inga händelser.');
  for (const ev of c.timeline) {
    const e = ev as TimelineEvent;
    const detail = eventDetail(e);
    line(doc, `${e.date}  dag ${e.day}  ${eventLabel(e)}${detail ? `: ${detail}` : ''}`);
  }
  doc.moveDown(0.4).font('Helvetica-Bold').text('Åtkomstlogg (vem på Försäkringskassan som har läst ärendet)').font('Helvetica');
  if (!c.accessLog.length) line(doc, 'Ingen har läst ärendet.');
  for (const a of c.accessLog)
    line(
      doc,
      `${formatDate(a.at)}  ${a.sub} (${label(ROLE_LABELS, a.role)}${a.team ? `, ${a.team}` : ''})  ${label(ACCESS_LABELS, a.what)}`,
    );
}

function render(doc: Doc, e: RegisterExtract): void {
  doc.font('Helvetica-Bold').fontSize(20).text('Registerutdrag');
  doc.font('Helvetica').fontSize(10).moveDown(0.3);
  line(doc, 'Allt som Försäkringskassans sjukfallssystem har registrerat om personen (artikel 15 i dataskyddsförordningen).');
  field(doc, 'Upprättat', formatDate(e.madeAt));
  field(doc, 'Upprättat av', e.madeBy);
  personSection(doc, e);
  heading(doc, `Ärenden (${e.cases.length})`);
  if (!e.cases.length) line(doc, 'Det finns inga ärenden om personen.');
  for (const c of e.cases) caseSection(doc, c);
  heading(doc, 'Avslutade sjukperioder');
  if (!e.closedPeriods.length) line(doc, 'Inga.');
  for (const p of e.closedPeriods) line(doc, `${p.from} – ${p.to} (ärende ${p.caseId})`);
  heading(doc, 'Uppgifter som förs över vid återinsjuknande');
  const co = e.carriedOver;
  if (!co) line(doc, 'Inga.');
  else {
    if (co.planReceived) line(doc, 'Plan för återgång i arbete har kommit in.');
    if (co.exception) line(doc, `Undantag: ${label(EXCEPTION_LABELS, co.exception)}.`);
    if (co.normalWorkApproved) line(doc, 'Bedömning mot normalt förekommande arbete har godkänts.');
    if (co.noticesDone?.length) line(doc, `Meddelanden redan skickade inför dag ${co.noticesDone.join(', ')}.`);
    if (co.to) line(doc, `Från sjukperioden som slutade ${co.to}.`);
  }
}

export function renderExtractPdf(e: RegisterExtract): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'A4', margin: 56, lang: 'sv-SE', info: { Title: 'Registerutdrag', Author: 'Försäkringskassan' } });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    render(doc, e);
    doc.end();
  });
}
