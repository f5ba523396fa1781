/**
 * Impact analysis on a story whose numbers were worked out by hand.
 *
 *   macro `saga` ⊃ meso `quest` ⊃ micro `scene`
 *   spark (micro, @1) causes omen (meso, @2) and clue (micro, @1.5)
 *   omen causes battle (macro, @5)
 *   clue causes omen (already counted)
 *   rescue (meso, @4) requires omen or spark      -> spark's impact includes rescue
 *   ending (macro, @6) requires battle            -> only alternative: breaks if battle goes
 *
 * Impact of spark: downstream {clue, omen, rescue, battle, ending}
 *   by scale: micro 1 (clue), meso 2 (omen, rescue), macro 2 (battle, ending)
 *   score: 1*1 + 2*3 + 2*9 = 25
 *   breaks: no requirement (rescue still has omen... which itself needs spark, but
 *   `requires omen or spark` keeps `omen` as a declared alternative) — rescue is listed
 *   only when spark is the sole alternative before it on some path: omen is before rescue
 *   on every path, so nothing breaks.
 */
import assert from 'node:assert/strict';
import { analyseImpact, checkProject, MemoryHost } from '@narrative-arc/orchestrator';

const story = `
arc saga macro {
  arc quest meso {
    arc scene micro {
      event spark @1 { causes omen, clue }
      event clue @1.5 { causes omen }
    }
    event omen @2 { causes battle }
    event rescue @4 { requires omen or spark }
    choice path @4.5 {
      option fight "Fight" { event duel @4.6 { intensity 5 kills rival  addresses courage } }
      option flee "Flee" { event hide @4.6 { intensity 2  resolves quest } event wait @4.7 }
    }
    event quest_end @4.8 { resolves quest }
  }
  event battle @5
  event ending @6 { requires battle  resolves saga }
}
character rival
story "Impact" { goal courage }
`;

function analysis() {
  return checkProject(new MemoryHost(new Map([['/ws/story.arc', story]]), '/ws'), '/ws/story.arc');
}

describe('impact', () => {
  it('counts downstream beats by their own scale and weighs the ripple score', () => {
    const impact = analyseImpact(analysis(), 'spark')!;
    assert.deepEqual([...impact.downstream].sort(), ['battle', 'clue', 'ending', 'omen', 'rescue']);
    assert.deepEqual(impact.byScale, { micro: 1, meso: 2, macro: 2 });
    assert.equal(impact.score, 1 * 1 + 2 * 3 + 2 * 9);
    assert.equal(impact.scale, 'micro');
    assert.equal(impact.time, 1);
    assert.deepEqual([...impact.arcs].sort(), ['quest', 'saga', 'scene']);
    assert.deepEqual(impact.breaks.requirements, []);
  });

  it('lists a requirement that would be left without its only alternative', () => {
    const impact = analyseImpact(analysis(), 'battle')!;
    assert.deepEqual(impact.downstream, ['ending']);
    assert.deepEqual(impact.byScale, { micro: 0, meso: 0, macro: 1 });
    assert.equal(impact.score, 9);
    assert.deepEqual(impact.breaks.requirements, [{ beat: 'ending', requires: ['battle'] }]);
  });

  it('lists the arcs that would lose their resolution', () => {
    // quest is resolved on every path by quest_end; hide resolves it only on one branch.
    assert.deepEqual(analyseImpact(analysis(), 'quest_end')!.breaks.resolutions, ['quest']);
    assert.deepEqual(analyseImpact(analysis(), 'hide')!.breaks.resolutions, []);
    assert.deepEqual(analyseImpact(analysis(), 'ending')!.breaks.resolutions, ['saga']);
  });

  it('gives each option of a choice its consequences', () => {
    const impact = analyseImpact(analysis(), 'path')!;
    assert.equal(impact.kind, 'choice');
    assert.deepEqual(impact.options.map((o) => o.option), ['path.fight', 'path.flee']);
    const [fight, flee] = impact.options;
    assert.deepEqual(fight!.beats, ['duel']);
    assert.equal(fight!.peakIntensity, 5);
    assert.deepEqual(fight!.goalsAddressed, ['courage']);
    assert.deepEqual(fight!.charactersKilled, ['rival']);
    assert.deepEqual(flee!.beats, ['hide', 'wait']);
    assert.equal(flee!.peakIntensity, 2);
    assert.deepEqual(flee!.arcsResolved, ['quest']);
    assert.deepEqual(flee!.charactersKilled, []);
  });

  it('knows no impact for an unknown name or an arc', () => {
    assert.equal(analyseImpact(analysis(), 'nothing'), undefined);
    assert.equal(analyseImpact(analysis(), 'saga'), undefined);
  });
});
