/**
 * Every production of the grammar (docs/language.md) parses into the expected tree:
 * kinds, names, values and exact spans (checked by slicing the source).
 */
import assert from 'node:assert/strict';
import { parse, type ArcDecl, type ChoiceDecl, type EventDecl } from '../src/index.js';
import { LIGHTHOUSE, nth, parseClean, slice, texts } from './helpers.js';

/** Parses a single event written inside `event e @1 { ... }` and returns it with the text. */
function beat(body: string): { text: string; event: EventDecl } {
  const text = `event e @1 {\n${body}\n}`;
  const { file } = parseClean(text);
  return { text, event: nth(file.declarations, 'event') };
}

describe('grammar: productions', () => {
  describe('file and include', () => {
    it('an empty file is an empty tree', () => {
      const { file } = parseClean('');
      assert.equal(file.kind, 'file');
      assert.deepEqual([file.includes, file.stories, file.declarations, file.children, file.comments], [[], [], [], [], []]);
    });

    it('include "path"', () => {
      const text = 'include "characters.arc"\ninclude "sub/places.arc"';
      const { file } = parseClean(text);
      assert.equal(file.includes.length, 2);
      const [first, second] = file.includes;
      assert.equal(first!.kind, 'include');
      assert.equal(first!.path!.value, 'characters.arc');
      assert.equal(slice(text, first!.path!.span), '"characters.arc"');
      assert.equal(slice(text, first!.keywordSpan), 'include');
      assert.equal(slice(text, first!.span), 'include "characters.arc"');
      assert.equal(second!.path!.value, 'sub/places.arc');
    });

    it('children keep source order and are split into includes, stories and declarations', () => {
      const text = 'place a\ninclude "x.arc"\nstory "S" { }\ncharacter c\narc r micro { }\nevent e @1\nchoice k @2 { }';
      const { file } = parseClean(text);
      assert.deepEqual(file.children.map((c) => c.kind), ['place', 'include', 'story', 'character', 'arc', 'event', 'choice']);
      assert.equal(file.includes.length, 1);
      assert.equal(file.stories.length, 1);
      assert.deepEqual(file.declarations.map((d) => d.kind), ['place', 'character', 'arc', 'event', 'choice']);
      // The same node objects appear in both views.
      assert.equal(file.children[0], file.declarations[0]);
    });
  });

  describe('story', () => {
    const text = `story "The Lighthouse Keeper" {
  themes grief, resilience
  goal grounding "Practise grounding when overwhelmed"
  goal breathing
  limits { max 7  spike 3  peak 6  calm 3  within 2  warn 6.5 }
  avoid graphic_violence, gore
  rules { M302 off  T101 error  W401 warning  C203 info  U601 hint }
}`;

    it('has a title, a keyword and a span covering the whole header', () => {
      const { file } = parseClean(text);
      const story = file.stories[0]!;
      assert.equal(story.kind, 'story');
      assert.equal(story.title!.value, 'The Lighthouse Keeper');
      assert.equal(slice(text, story.title!.span), '"The Lighthouse Keeper"');
      assert.equal(slice(text, story.keywordSpan), 'story');
      assert.equal(slice(text, story.span), text);
      assert.deepEqual(story.items.map((i) => i.kind), ['themes', 'goal', 'goal', 'limits', 'avoid', 'rules']);
    });

    it('themes', () => {
      const story = parseClean(text).file.stories[0]!;
      const themes = nth(story.items, 'themes');
      assert.deepEqual(texts(themes.names), ['grief', 'resilience']);
      assert.equal(slice(text, themes.span), 'themes grief, resilience');
      assert.equal(slice(text, themes.keywordSpan), 'themes');
      assert.equal(slice(text, themes.names[1]!.span), 'resilience');
    });

    it('goal with and without a description', () => {
      const story = parseClean(text).file.stories[0]!;
      const withDescription = nth(story.items, 'goal', 0);
      assert.equal(withDescription.name.text, 'grounding');
      assert.equal(slice(text, withDescription.name.span), 'grounding');
      assert.equal(withDescription.description!.value, 'Practise grounding when overwhelmed');
      assert.equal(slice(text, withDescription.description!.span), '"Practise grounding when overwhelmed"');
      assert.equal(slice(text, withDescription.span), 'goal grounding "Practise grounding when overwhelmed"');
      const bare = nth(story.items, 'goal', 1);
      assert.equal(bare.name.text, 'breathing');
      assert.equal(bare.description, undefined);
      assert.equal(slice(text, bare.span), 'goal breathing');
    });

    it('limits with all six keys', () => {
      const story = parseClean(text).file.stories[0]!;
      const limits = nth(story.items, 'limits');
      assert.equal(slice(text, limits.span), 'limits { max 7  spike 3  peak 6  calm 3  within 2  warn 6.5 }');
      assert.equal(slice(text, limits.keywordSpan), 'limits');
      assert.deepEqual(
        limits.entries.map((e) => [e.key, e.value!.value]),
        [['max', 7], ['spike', 3], ['peak', 6], ['calm', 3], ['within', 2], ['warn', 6.5]],
      );
      for (const entry of limits.entries) {
        assert.equal(slice(text, entry.keySpan), entry.key);
        assert.equal(slice(text, entry.value!.span), String(entry.value!.value));
        assert.equal(slice(text, entry.span), `${entry.key} ${entry.value!.value}`);
      }
    });

    it('avoid', () => {
      const story = parseClean(text).file.stories[0]!;
      const avoid = nth(story.items, 'avoid');
      assert.deepEqual(texts(avoid.names), ['graphic_violence', 'gore']);
      assert.equal(slice(text, avoid.span), 'avoid graphic_violence, gore');
    });

    it('rules with all five levels', () => {
      const story = parseClean(text).file.stories[0]!;
      const rules = nth(story.items, 'rules');
      assert.equal(slice(text, rules.keywordSpan), 'rules');
      assert.equal(slice(text, rules.span), 'rules { M302 off  T101 error  W401 warning  C203 info  U601 hint }');
      assert.deepEqual(
        rules.entries.map((e) => [e.code.text, e.level]),
        [['M302', 'off'], ['T101', 'error'], ['W401', 'warning'], ['C203', 'info'], ['U601', 'hint']],
      );
      for (const entry of rules.entries) {
        assert.equal(slice(text, entry.code.span), entry.code.text);
        assert.equal(slice(text, entry.levelSpan), entry.level);
        assert.equal(slice(text, entry.span), `${entry.code.text} ${entry.level}`);
      }
    });

    it('an empty story block', () => {
      const t = 'story "Empty" {}';
      const story = parseClean(t).file.stories[0]!;
      assert.deepEqual(story.items, []);
      assert.equal(slice(t, story.span), t);
    });
  });

  describe('character', () => {
    const text = `character mara "Mara, the keeper" {
  traits steadfast, grieving, watchful
  stages denial -> anger -> acceptance
  traits late
}
character tom
character ana "Ana"
character lee { }`;

    it('with title, traits and stages', () => {
      const { file } = parseClean(text);
      const mara = nth(file.declarations, 'character', 0);
      assert.equal(mara.name.text, 'mara');
      assert.equal(slice(text, mara.name.span), 'mara');
      assert.equal(slice(text, mara.keywordSpan), 'character');
      assert.equal(mara.title!.value, 'Mara, the keeper');
      assert.equal(slice(text, mara.title!.span), '"Mara, the keeper"');
      assert.equal(slice(text, mara.span), text.slice(0, text.indexOf('}') + 1));
      assert.equal(slice(text, mara.body), text.slice(text.indexOf('{'), text.indexOf('}') + 1));
      assert.deepEqual(mara.items.map((i) => i.kind), ['traits', 'stages', 'traits']);
      const traits = nth(mara.items, 'traits');
      assert.deepEqual(texts(traits.names), ['steadfast', 'grieving', 'watchful']);
      assert.equal(slice(text, traits.span), 'traits steadfast, grieving, watchful');
      const stages = nth(mara.items, 'stages');
      assert.deepEqual(texts(stages.names), ['denial', 'anger', 'acceptance']);
      assert.equal(slice(text, stages.span), 'stages denial -> anger -> acceptance');
      assert.equal(slice(text, stages.keywordSpan), 'stages');
      assert.deepEqual(stages.names.map((n) => slice(text, n.span)), ['denial', 'anger', 'acceptance']);
    });

    it('without block, without title, and with an empty block', () => {
      const { file } = parseClean(text);
      const tom = nth(file.declarations, 'character', 1);
      assert.equal(tom.name.text, 'tom');
      assert.equal(tom.title, undefined);
      assert.equal(tom.body, undefined);
      assert.deepEqual(tom.items, []);
      assert.equal(slice(text, tom.span), 'character tom');
      const ana = nth(file.declarations, 'character', 2);
      assert.equal(ana.title!.value, 'Ana');
      assert.equal(slice(text, ana.span), 'character ana "Ana"');
      const lee = nth(file.declarations, 'character', 3);
      assert.equal(slice(text, lee.body), '{ }');
      assert.equal(slice(text, lee.span), 'character lee { }');
    });

    it('a single stage and stages written without spaces', () => {
      const t = 'character c { stages only }\ncharacter d { stages a->b->c }';
      const { file } = parseClean(t);
      assert.deepEqual(texts(nth(nth(file.declarations, 'character', 0).items, 'stages').names), ['only']);
      const stages = nth(nth(file.declarations, 'character', 1).items, 'stages');
      assert.deepEqual(texts(stages.names), ['a', 'b', 'c']);
      assert.equal(slice(t, stages.span), 'stages a->b->c');
    });
  });

  describe('place', () => {
    it('with and without a title', () => {
      const text = 'place lighthouse "The lighthouse"\nplace harbor';
      const { file } = parseClean(text);
      const lighthouse = nth(file.declarations, 'place', 0);
      assert.equal(lighthouse.name.text, 'lighthouse');
      assert.equal(slice(text, lighthouse.name.span), 'lighthouse');
      assert.equal(lighthouse.title!.value, 'The lighthouse');
      assert.equal(slice(text, lighthouse.span), 'place lighthouse "The lighthouse"');
      assert.equal(slice(text, lighthouse.keywordSpan), 'place');
      const harbor = nth(file.declarations, 'place', 1);
      assert.equal(harbor.title, undefined);
      assert.equal(slice(text, harbor.span), 'place harbor');
    });
  });

  describe('arc', () => {
    it('each scale, with and without a title', () => {
      const text = 'arc big macro "Big" { }\narc middle meso { }\narc small micro "Small" {}';
      const { file } = parseClean(text);
      const arcs = file.declarations as ArcDecl[];
      assert.deepEqual(arcs.map((a) => [a.kind, a.name.text, a.scale, a.title?.value]), [
        ['arc', 'big', 'macro', 'Big'],
        ['arc', 'middle', 'meso', undefined],
        ['arc', 'small', 'micro', 'Small'],
      ]);
      for (const arc of arcs) {
        assert.equal(slice(text, arc.scaleSpan), arc.scale);
        assert.equal(slice(text, arc.name.span), arc.name.text);
        assert.equal(slice(text, arc.keywordSpan), 'arc');
      }
      assert.equal(slice(text, arcs[0]!.span), 'arc big macro "Big" { }');
      assert.equal(slice(text, arcs[0]!.body), '{ }');
      assert.equal(slice(text, arcs[2]!.span), 'arc small micro "Small" {}');
    });

    it('themes, goals, span and allow inside an arc', () => {
      const text = `arc healing macro {
  themes grief, resilience
  goals grounding, breathing
  span @1..@9.5
  allow S504, M302
  span @-2 .. @3
}`;
      const arc = nth(parseClean(text).file.declarations, 'arc');
      assert.deepEqual(arc.items.map((i) => i.kind), ['themes', 'goals', 'span', 'allow', 'span']);
      const themes = nth(arc.items, 'themes');
      assert.deepEqual(texts(themes.names), ['grief', 'resilience']);
      assert.equal(slice(text, themes.span), 'themes grief, resilience');
      const goals = nth(arc.items, 'goals');
      assert.deepEqual(texts(goals.names), ['grounding', 'breathing']);
      assert.equal(slice(text, goals.span), 'goals grounding, breathing');
      assert.equal(slice(text, goals.keywordSpan), 'goals');
      const span = nth(arc.items, 'span', 0);
      assert.equal(span.from!.value, 1);
      assert.equal(span.to!.value, 9.5);
      assert.equal(slice(text, span.from!.span), '@1');
      assert.equal(slice(text, span.to!.span), '@9.5');
      assert.equal(slice(text, span.span), 'span @1..@9.5');
      const spaced = nth(arc.items, 'span', 1);
      assert.deepEqual([spaced.from!.value, spaced.to!.value], [-2, 3]);
      assert.equal(slice(text, spaced.span), 'span @-2 .. @3');
      const allow = nth(arc.items, 'allow');
      assert.deepEqual(texts(allow.codes), ['S504', 'M302']);
      assert.equal(slice(text, allow.span), 'allow S504, M302');
      assert.equal(slice(text, allow.codes[1]!.span), 'M302');
    });

    it('nested arcs with events and choices', () => {
      const text = `arc outer macro {
  arc middle meso "M" {
    arc inner micro {
      event deep @3 { intensity 1 }
    }
    choice pick @4 { option a "A" { } }
  }
  event after @5
}`;
      const outer = nth(parseClean(text).file.declarations, 'arc');
      assert.deepEqual(outer.items.map((i) => i.kind), ['arc', 'event']);
      const middle = nth(outer.items, 'arc');
      assert.equal(middle.scale, 'meso');
      assert.deepEqual(middle.items.map((i) => i.kind), ['arc', 'choice']);
      const inner = nth(middle.items, 'arc');
      assert.equal(inner.scale, 'micro');
      const deep = nth(inner.items, 'event');
      assert.equal(deep.name.text, 'deep');
      assert.equal(slice(text, deep.span), 'event deep @3 { intensity 1 }');
      assert.equal(slice(text, inner.span), text.slice(text.indexOf('arc inner'), text.indexOf('}\n    choice') + 1));
      assert.equal(slice(text, outer.span), text);
      assert.equal(nth(middle.items, 'choice').name.text, 'pick');
      assert.equal(nth(outer.items, 'event').name.text, 'after');
    });
  });

  describe('event', () => {
    it('without block and title, with title, with block, with both', () => {
      const text = 'event a @1\nevent b @2 "Bee"\nevent c @3 { }\nevent d @4.5 "Dee" { with mara }';
      const events = parseClean(text).file.declarations as EventDecl[];
      assert.deepEqual(events.map((e) => [e.kind, e.name.text, e.time!.value, e.title?.value, e.items.length]), [
        ['event', 'a', 1, undefined, 0],
        ['event', 'b', 2, 'Bee', 0],
        ['event', 'c', 3, undefined, 0],
        ['event', 'd', 4.5, 'Dee', 1],
      ]);
      assert.deepEqual(events.map((e) => slice(text, e.span)), [
        'event a @1', 'event b @2 "Bee"', 'event c @3 { }', 'event d @4.5 "Dee" { with mara }',
      ]);
      assert.deepEqual(events.map((e) => slice(text, e.time!.span)), ['@1', '@2', '@3', '@4.5']);
      assert.equal(events[0]!.body, undefined);
      assert.equal(slice(text, events[2]!.body), '{ }');
      assert.equal(slice(text, events[3]!.body), '{ with mara }');
      assert.equal(slice(text, events[3]!.title!.span), '"Dee"');
      assert.equal(slice(text, events[3]!.keywordSpan), 'event');
    });
  });

  describe('beat items', () => {
    it('at', () => {
      const { text, event } = beat('at lighthouse');
      const at = nth(event.items, 'at');
      assert.equal(at.place!.text, 'lighthouse');
      assert.equal(slice(text, at.place!.span), 'lighthouse');
      assert.equal(slice(text, at.span), 'at lighthouse');
      assert.equal(slice(text, at.keywordSpan), 'at');
    });

    for (const kind of ['with', 'tags', 'themes', 'causes', 'prevents', 'kills', 'exits', 'enters', 'addresses', 'setup', 'payoff', 'resolves'] as const) {
      it(`${kind} (a list of names)`, () => {
        const { text, event } = beat(`${kind} one\n${kind} first, second ,third`);
        const single = nth(event.items, kind, 0);
        assert.equal(single.kind, kind);
        assert.deepEqual(texts(single.names), ['one']);
        assert.equal(slice(text, single.span), `${kind} one`);
        assert.equal(slice(text, single.keywordSpan), kind);
        const list = nth(event.items, kind, 1);
        assert.deepEqual(texts(list.names), ['first', 'second', 'third']);
        assert.deepEqual(list.names.map((n) => slice(text, n.span)), ['first', 'second', 'third']);
        assert.equal(slice(text, list.span), `${kind} first, second ,third`);
      });
    }

    it('intensity: integers, decimals and negatives', () => {
      const { text, event } = beat('intensity 4\nintensity 2.5\nintensity -1\nintensity 0\nintensity -0.75\nintensity 10');
      const values = event.items.map((i) => (i.kind === 'intensity' ? i.value!.value : NaN));
      assert.deepEqual(values, [4, 2.5, -1, 0, -0.75, 10]);
      const items = event.items.map((i) => nth([i], 'intensity'));
      assert.deepEqual(items.map((i) => slice(text, i.value!.span)), ['4', '2.5', '-1', '0', '-0.75', '10']);
      assert.deepEqual(items.map((i) => slice(text, i.span)), ['intensity 4', 'intensity 2.5', 'intensity -1', 'intensity 0', 'intensity -0.75', 'intensity 10']);
    });

    it('requires a or b or c', () => {
      const { text, event } = beat('requires a or b or c\nrequires only');
      const three = nth(event.items, 'requires', 0);
      assert.deepEqual(texts(three.alternatives), ['a', 'b', 'c']);
      assert.deepEqual(three.alternatives.map((n) => slice(text, n.span)), ['a', 'b', 'c']);
      assert.equal(slice(text, three.span), 'requires a or b or c');
      assert.equal(slice(text, three.keywordSpan), 'requires');
      assert.deepEqual(texts(nth(event.items, 'requires', 1).alternatives), ['only']);
    });

    it('stage and regress', () => {
      const { text, event } = beat('stage mara acceptance\nregress mara denial');
      const stage = nth(event.items, 'stage');
      assert.equal(stage.character!.text, 'mara');
      assert.equal(stage.stage!.text, 'acceptance');
      assert.equal(slice(text, stage.character!.span), 'mara');
      assert.equal(slice(text, stage.stage!.span), 'acceptance');
      assert.equal(slice(text, stage.span), 'stage mara acceptance');
      const regress = nth(event.items, 'regress');
      assert.equal(regress.kind, 'regress');
      assert.deepEqual([regress.character!.text, regress.stage!.text], ['mara', 'denial']);
      assert.equal(slice(text, regress.span), 'regress mara denial');
      assert.equal(slice(text, regress.keywordSpan), 'regress');
    });

    it('warning', () => {
      const { text, event } = beat('warning "A ship in peril"');
      const warning = nth(event.items, 'warning');
      assert.equal(warning.text!.value, 'A ship in peril');
      assert.equal(slice(text, warning.text!.span), '"A ship in peril"');
      assert.equal(slice(text, warning.span), 'warning "A ship in peril"');
    });

    it('allow A, B', () => {
      const { text, event } = beat('allow W401, C203\nallow T101');
      const allow = nth(event.items, 'allow', 0);
      assert.deepEqual(texts(allow.codes), ['W401', 'C203']);
      assert.equal(slice(text, allow.span), 'allow W401, C203');
      assert.equal(slice(text, allow.keywordSpan), 'allow');
      assert.deepEqual(texts(nth(event.items, 'allow', 1).codes), ['T101']);
    });

    it('prose lines are kept verbatim minus `>` and one optional space', () => {
      const lines = [
        '> The wind rose before dusk.',
        '>no space',
        '>   three spaces',
        '>',
        '> ',
        '> trailing spaces  ',
        '> symbols: { } "quoted" // not a comment /* nor this */ -> @3 \\n',
        '>> nested marker',
        '> Élodie sang 名前',
      ];
      const { text, event } = beat(lines.join('\n'));
      const prose = event.items.map((i) => nth([i], 'prose'));
      assert.deepEqual(prose.map((p) => p.text), [
        'The wind rose before dusk.',
        'no space',
        '  three spaces',
        '',
        '',
        'trailing spaces  ',
        'symbols: { } "quoted" // not a comment /* nor this */ -> @3 \\n',
        '> nested marker',
        'Élodie sang 名前',
      ]);
      assert.deepEqual(prose.map((p) => slice(text, p.span)), lines);
      assert.deepEqual(parse(`event e @1 {\n${lines.join('\n')}\n}`).file.comments, []);
    });

    it('prose lines end at \\r\\n', () => {
      const text = 'event e @1 {\r\n> first\r\n> second\r\n}';
      const event = nth(parseClean(text).file.declarations, 'event');
      assert.deepEqual(event.items.map((i) => nth([i], 'prose').text), ['first', 'second']);
    });

    it('all beat items together, in any order, keep source order', () => {
      const body = [
        '> Opening line.',
        'resolves storm',
        'at lighthouse',
        'with mara, tom',
        'intensity 4.5',
        'tags sea, night',
        'themes grief',
        'causes b',
        'requires a or c',
        'prevents d',
        'kills tom',
        'exits ana',
        'enters lee',
        'stage mara anger',
        'regress mara denial',
        'addresses grounding',
        'setup lamp',
        'payoff lamp',
        'warning "Loss"',
        'allow W401',
      ];
      const { text, event } = beat(body.join('\n  '));
      assert.deepEqual(event.items.map((i) => i.kind), [
        'prose', 'resolves', 'at', 'with', 'intensity', 'tags', 'themes', 'causes', 'requires', 'prevents', 'kills', 'exits',
        'enters', 'stage', 'regress', 'addresses', 'setup', 'payoff', 'warning', 'allow',
      ]);
      assert.deepEqual(event.items.map((i) => slice(text, i.span)), body);
      assert.equal(slice(text, event.body), text.slice(text.indexOf('{')));
    });
  });

  describe('choice and option', () => {
    const text = `choice keep_watch @4 "What does Mara do?" {
  option vigil "Keep the lamp lit" {
    event breathing @5 { with mara }
    arc inner micro { event x @5.5 }
    choice deeper @6 {
      option a "A" { event y @7 }
      option b "B" { }
    }
  }
  option search "Go down" { }
}
choice untitled @8 { }`;

    it('a choice with a title and options', () => {
      const { file } = parseClean(text);
      const choice = nth(file.declarations, 'choice', 0);
      assert.equal(choice.name.text, 'keep_watch');
      assert.equal(slice(text, choice.name.span), 'keep_watch');
      assert.equal(choice.time!.value, 4);
      assert.equal(slice(text, choice.time!.span), '@4');
      assert.equal(choice.title!.value, 'What does Mara do?');
      assert.equal(slice(text, choice.keywordSpan), 'choice');
      assert.equal(slice(text, choice.span), text.slice(0, text.indexOf('\nchoice untitled')));
      assert.equal(slice(text, choice.body), text.slice(text.indexOf('{'), text.indexOf('\nchoice untitled')));
      assert.deepEqual(choice.options.map((o) => [o.kind, o.name.text, o.title!.value]), [
        ['option', 'vigil', 'Keep the lamp lit'],
        ['option', 'search', 'Go down'],
      ]);
      const search = choice.options[1]!;
      assert.equal(slice(text, search.span), 'option search "Go down" { }');
      assert.equal(slice(text, search.keywordSpan), 'option');
      assert.equal(slice(text, search.name.span), 'search');
      assert.equal(slice(text, search.title!.span), '"Go down"');
      assert.equal(slice(text, search.body), '{ }');
      assert.deepEqual(search.children, []);
    });

    it('options hold events, arcs and nested choices', () => {
      const choice = nth(parseClean(text).file.declarations, 'choice', 0);
      const vigil = choice.options[0]!;
      assert.deepEqual(vigil.children.map((c) => [c.kind, c.name.text]), [['event', 'breathing'], ['arc', 'inner'], ['choice', 'deeper']]);
      const inner = nth(vigil.children, 'arc');
      assert.equal(inner.scale, 'micro');
      assert.equal(nth(inner.items, 'event').name.text, 'x');
      const deeper = nth(vigil.children, 'choice') as ChoiceDecl;
      assert.deepEqual(deeper.options.map((o) => o.name.text), ['a', 'b']);
      const y = nth(deeper.options[0]!.children, 'event');
      assert.equal(slice(text, y.span), 'event y @7');
      assert.equal(y.time!.value, 7);
    });

    it('a choice without a title and without options', () => {
      const choice = nth(parseClean(text).file.declarations, 'choice', 1);
      assert.equal(choice.name.text, 'untitled');
      assert.equal(choice.title, undefined);
      assert.deepEqual(choice.options, []);
      assert.equal(slice(text, choice.span), 'choice untitled @8 { }');
    });
  });

  describe('the lighthouse example', () => {
    it('parses with zero errors', () => {
      parseClean(LIGHTHOUSE);
    });

    it('has the expected shape', () => {
      const { file } = parseClean(LIGHTHOUSE);
      assert.deepEqual(file.children.map((c) => c.kind), ['include', 'story', 'place', 'arc']);
      assert.equal(file.includes[0]!.path!.value, 'characters.arc');
      const story = file.stories[0]!;
      assert.equal(story.title!.value, 'The Lighthouse Keeper');
      assert.deepEqual(story.items.map((i) => i.kind), ['themes', 'goal', 'limits', 'avoid', 'rules']);
      assert.equal(nth(story.items, 'limits').entries.length, 6);
      const healing = nth(file.declarations, 'arc');
      assert.equal(healing.name.text, 'healing');
      assert.equal(healing.scale, 'macro');
      assert.deepEqual(healing.items.map((i) => i.kind), ['themes', 'goals', 'arc', 'event']);
      const storm = nth(healing.items, 'arc');
      assert.equal(storm.scale, 'meso');
      assert.deepEqual(
        storm.items.map((i) => (i.kind === 'event' || i.kind === 'choice' ? `${i.name.text}@${i.time!.value}` : i.kind)),
        ['storm_begins@1', 'lamp_fails@2', 'ship_in_danger@3', 'keep_watch@4', 'dawn@6'],
      );
      const begins = nth(storm.items, 'event', 0);
      assert.deepEqual(begins.items.map((i) => i.kind), ['at', 'with', 'intensity', 'prose']);
      assert.equal(nth(begins.items, 'prose').text, 'The wind rose before dusk.');
      const choice = nth(storm.items, 'choice');
      const boat = nth(choice.options[1]!.children, 'event');
      assert.deepEqual(boat.items.map((i) => i.kind), ['with', 'intensity', 'kills', 'warning']);
      assert.equal(nth(boat.items, 'warning').text!.value, 'Loss');
      const lettingGo = nth(healing.items, 'event');
      assert.equal(slice(LIGHTHOUSE, lettingGo.span),
        'event letting_go @9 { with mara  stage mara acceptance  addresses grounding  resolves healing }');
      assert.equal(slice(LIGHTHOUSE, healing.span), LIGHTHOUSE.slice(LIGHTHOUSE.indexOf('arc healing'), LIGHTHOUSE.length - 1));
    });
  });
});
