/**
 * `nao map [--format json|dot|mermaid|svg] [--root DIR] [--max-file-size SIZE] FILE`: the story map,
 * the graph of the whole project (beats, options, flow, causal links, arcs,
 * conflicts), for other tools or as a picture.
 */
import { checkProject, storyMap } from '@narrative-arc/orchestrator';
import { storyMapView } from '../../story-map/view.js';
import { renderSvg } from '../../story-map/render.js';
import { choiceOption, EXIT, stringOption, UsageError, type Command } from '../command.js';
import { formatDot, formatMermaid, toJsonMap } from '../formats/map.js';
import { Positions } from '../output.js';
import { Hosts, MAX_FILE_SIZE_OPTION, maxFileSize, resolveRootFiles } from '../workspace.js';

const FORMATS = ['json', 'dot', 'mermaid', 'svg'] as const;

export const mapCommand: Command = {
  name: 'map',
  summary: 'Print the story map: beats, options, flow, causal links, arcs and conflicts',
  usage: 'map [--format json|dot|mermaid|svg] [--root DIR] [--max-file-size SIZE] FILE',
  description: `Loads and checks the story project rooted at FILE and prints its map: every
beat (event and choice) and every option as a node, the flow of time along
each branch and the \`causes\`, \`requires\` and \`prevents\` links as edges,
the arcs as nested groups, and on each node the conflicts reported in it.
The svg format is the picture the map view in VS Code shows (laid out by
elkjs; big stories are drawn with their arcs collapsed).`,
  options: {
    format: { type: 'string', short: 'f', valueName: 'FORMAT', description: "Output format: 'json' (default), 'dot', 'mermaid' or 'svg'." },
    root: { type: 'string', valueName: 'DIR', description: 'Workspace folder that includes may not leave.' },
    'max-file-size': MAX_FILE_SIZE_OPTION,
  },
  notes: `Formats:
  json     the map as data: nodes, edges, groups, conflicts (0-based ranges)
  dot      Graphviz: nao map --format dot story.arc | dot -Tsvg > map.svg
  mermaid  a Mermaid flowchart, arcs as subgraphs
  svg      a stand-alone SVG picture

Example:
  nao map --format svg examples/lighthouse.arc > lighthouse.svg`,
  exitCodesHelp: `Exit codes:
  0  the map was printed, and the story has no problem of error severity
  1  the map was printed; the story has at least one error (marked on the map)
  2  usage problem: unknown option or format, missing FILE, no such file
  3  internal error: nao itself failed (a bug; please report it)`,
  async run(args, io) {
    const format = choiceOption(args, 'format', FORMATS, 'json', mapCommand);
    if (args.positionals.length !== 1) {
      throw new UsageError(args.positionals.length === 0 ? 'no FILE given: name the root .arc file of the story'
        : `expected one FILE, got ${args.positionals.length}`, mapCommand);
    }
    const [root] = resolveRootFiles(args.positionals, stringOption(args, 'root'), io, mapCommand);
    const limit = maxFileSize(args, io, mapCommand);
    const analysis = checkProject(new Hosts(limit !== undefined ? { maxFileSize: limit } : {}).for(root!.workspaceRoot), root!.file);
    const map = storyMap(analysis);
    let output: string;
    switch (format) {
      case 'json': {
        const positions = new Positions((file) => analysis.project.files.get(file)?.text);
        output = `${JSON.stringify(toJsonMap(map, positions, io.cwd), null, 2)}\n`;
        break;
      }
      case 'dot': output = formatDot(map); break;
      case 'mermaid': output = formatMermaid(map); break;
      case 'svg': {
        // elkjs is loaded only for a picture: it costs every other command its start-up time.
        const { layoutStoryMap } = await import('../../story-map/layout.js');
        output = renderSvg(await layoutStoryMap(storyMapView(map)));
        break;
      }
    }
    io.writeOut(output);
    return analysis.diagnostics.some((d) => d.severity === 'error') ? EXIT.problems : EXIT.ok;
  },
};
