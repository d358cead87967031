// `reglab report`: a run or sweep folder in, one self-contained HTML file out.
export * from './types';
export { loadReportData, ReportInputError } from './loadReport';
export { renderReportHtml, jsonForScript, type ReportAssets } from './renderHtml';
export { loadReportAssets, reportAssetCandidates } from './reportAssets';
