/**
 * The public types, each named once: if one disappears or changes shape in
 * a breaking way, this file stops compiling (`tsc -b`, run by `npm test`).
 */
import type {
  AnalyseFiles, AnalyseInput, Aspect, AnalyseWithHost, Analysis, AnalysisOptions, AnalysisResult, AnalysisRun, CancellationToken,
  CodeInfo, Conflict, ConflictSubject, Diagnostic, FixAllOutcome, ImpactReport, Location, PathStep, Position, Project,
  ProjectHost, ProjectStructure, Range,
  CharacterState, PathStatistics, PathStatisticsJson, PlayChoice, PlayConflict, PlayOptions, PlayState, PlayStep, Playthrough, StateChange,
  RelatedInfo, Resolution, Severity, StorySymbol, TextChange, VerifiedRepair,
} from '../src/index.js';

export interface PublicTypes {
  analyseFiles: AnalyseFiles;
  analyseInput: AnalyseInput;
  analyseWithHost: AnalyseWithHost;
  analysis: Analysis;
  analysisOptions: AnalysisOptions;
  analysisResult: AnalysisResult;
  analysisRun: AnalysisRun;
  /** What a check reads (Check.reads), for the incremental analysis. */
  aspect: Aspect;
  cancellationToken: CancellationToken;
  codeInfo: CodeInfo;
  conflict: Conflict;
  conflictSubject: ConflictSubject;
  diagnostic: Diagnostic;
  fixAllOutcome: FixAllOutcome;
  impactReport: ImpactReport;
  characterState: CharacterState;
  pathStatistics: PathStatistics;
  pathStatisticsJson: PathStatisticsJson;
  playChoice: PlayChoice;
  playConflict: PlayConflict;
  playOptions: PlayOptions;
  playState: PlayState;
  playStep: PlayStep;
  playthrough: Playthrough;
  stateChange: StateChange;
  location: Location;
  pathStep: PathStep;
  position: Position;
  project: Project;
  projectHost: ProjectHost;
  projectStructure: ProjectStructure;
  range: Range;
  relatedInfo: RelatedInfo;
  resolution: Resolution;
  severity: Severity;
  storySymbol: StorySymbol;
  textChange: TextChange;
  verifiedRepair: VerifiedRepair;
}

/** The shapes integrators rely on. */
export function conflictShape(conflict: Conflict): [string, string, Severity, string, number, readonly PathStep[]] {
  return [conflict.id, conflict.code, conflict.severity, conflict.file, conflict.range.start.line, conflict.path];
}
