import { surveyChanges, surveyDraftOf, surveyOf, withSurveyChanges } from './survey-draft';

const q = (id: string, prompt: string, answers = ['1', '2']) => ({ id, prompt, answers });

describe('the survey builder’s draft', () => {
  it('shows the answers as typed and sends them as a list, blank framing left out', () => {
    const draft = surveyDraftOf({ intro: 'Hi', questions: [q('q1', 'Happy?', ['yes', 'no'])] });
    expect(draft).toEqual({ intro: 'Hi', outro: '', optOutDigit: '', questions: [{ id: 'q1', prompt: 'Happy?', text: 'yes, no' }] });
    expect(surveyOf({ ...draft, questions: [{ id: 'q1', prompt: 'Happy?', text: 'yes、 no, ' }] })).toEqual({ intro: 'Hi', questions: [q('q1', 'Happy?', ['yes', 'no'])] });
    expect(surveyDraftOf(undefined)).toEqual({ intro: '', outro: '', optOutDigit: '', questions: [] });
  });

  it('keeps only the builder’s own changes through a reload: the intro, outro and questions someone else changed stay', () => {
    const base = surveyDraftOf({ intro: 'INTRO-ORIG', outro: 'OUTRO-ORIG', questions: [q('q1', 'One'), q('q2', 'Two')] });
    const draft = { ...base, outro: 'OUTRO-BY-B', questions: [base.questions[0], { ...base.questions[1], prompt: 'Two by B' }] };
    const changes = surveyChanges(draft, base);
    expect(changes).toEqual({ outro: 'OUTRO-BY-B', 'questions.1': { id: 'q2', prompt: 'Two by B', text: '1, 2' } });
    const fresh = surveyDraftOf({ intro: 'INTRO-BY-A', outro: 'OUTRO-ORIG', optOutDigit: '9', questions: [q('q1', 'One by A'), q('q2', 'Two by A'), q('q3', 'Three by A')] });
    expect(withSurveyChanges(fresh, changes)).toEqual({
      intro: 'INTRO-BY-A',
      outro: 'OUTRO-BY-B',
      optOutDigit: '9',
      // Both changed the second question: the builder's own edit wins (it is on screen before saving).
      questions: [
        { id: 'q1', prompt: 'One by A', text: '1, 2' },
        { id: 'q2', prompt: 'Two by B', text: '1, 2' },
        { id: 'q3', prompt: 'Three by A', text: '1, 2' },
      ],
    });
    expect(surveyChanges(base, base)).toEqual({});
  });

  it('keeps a question removed, a question added and framing cleared as changes', () => {
    const base = surveyDraftOf({ intro: 'Hi', questions: [q('q1', 'One'), q('q2', 'Two')] });
    const draft = { ...base, intro: '', questions: [base.questions[0]] };
    const changes = surveyChanges(draft, base);
    expect(changes).toEqual({ intro: '', 'questions.1': null });
    expect(withSurveyChanges(surveyDraftOf({ intro: 'Hello', outro: 'Bye', questions: [q('q1', 'One by A'), q('q2', 'Two')] }), changes)).toEqual({
      intro: '',
      outro: 'Bye',
      optOutDigit: '',
      questions: [{ id: 'q1', prompt: 'One by A', text: '1, 2' }],
    });
    const added = { ...base, questions: [...base.questions, { id: 'q3', prompt: 'Three', text: 'a, b' }] };
    expect(withSurveyChanges(surveyDraftOf({ questions: [q('q1', 'One by A'), q('q2', 'Two')] }), surveyChanges(added, base)).questions.map((x) => x.prompt)).toEqual(['One by A', 'Two', 'Three']);
  });
});
