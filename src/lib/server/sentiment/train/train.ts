/**
 * Learns the word/bigram/emoji weights in ../lexicons/learned-weights.json from the UMSAB train split.
 *
 * Model (engine 1.3.0, unchanged in 1.4.0 and 1.5.0, which changed the es, it and pt lexicons): multinomial (3-class) logistic regression over the rule-weighted features of
 * engine.ts — a weight in the negative and one in the positive logit per feature, neutral being the
 * reference class at 0; the label is the most probable class. Lexicon valences enter as one feature per
 * language and lexicon, so learned word weights are corrections to the lexicon; in en, fr, it and pt the
 * own lexicon's valence magnitudes enter too (engine 1.3.0, fourth round below). Engine 1.1.0 and
 * earlier used an ordinal (cumulative-logit) model, one valence per feature and two cut points; it is
 * kept as --ordinal for cross-validation, see below.
 *
 * Run: npx tsx src/lib/server/sentiment/train/train.ts [--holdout | --fold k] [--l2 w,p,b] [--iter n]
 *   --holdout: fit on 80% of train and report macro-F1 on the other 20% (for choosing the L2 strengths).
 *   --fold k (0-4): hold out the k-th fifth instead, and print one JSON line with holdout macro-F1 per
 *     language over a grid of decision rules (multinomial: offsets added to the negative and positive
 *     logits; ordinal: band widths and shifts), for 5-fold cross-validation (train/cv.ts).
 *   --ordinal, --neutrality [--usigned]: the other model families (cross-validation only).
 *   --shared (a cross-language weight per word), --balance (class-balanced loss), --ngrams [--l2n x]
 *   [--ngnorm sqrt] [--ngpool] [--noprefix], --bag k (ordinal only), --nb, --minword n, --minbigram n,
 *   --prefix n, --prefix2 n, --suffix n, --foldprefix, --shape list [--shapelang], --lennorm p,
 *   --lexabs / --lexabsown / --lexabslang / --lexabsemoji, --negown / --negonly, --ensemble a
 *   [--ensprob]: experiments, see below; none is used for the committed weights.
 *
 * Engine 1.2.0: a second, independent direction for neutral. An ordinal model has one score per text,
 * so no feature can say "this text is neutral" (news wording, URLs, questions); it can only cancel other
 * evidence. Two models that give every feature its own say on neutrality, 5-fold CV with train/cv.ts
 * (per language en de fr es it pt, then the six-language mean; fold sd of the mean ~0.007-0.009):
 *                                                         en    de    fr    es    it    pt    mean
 *   --ordinal (engine 1.1.0), band x0.65                0.599 0.569 0.616 0.553 0.574 0.596  0.585
 *     band chosen nested (on the other four folds)      0.596 0.563 0.615 0.549 0.577 0.596  0.583
 *   multinomial (now committed), argmax (offsets 0)     0.606 0.673 0.637 0.573 0.635 0.601  0.621
 *     offsets chosen nested: 0|0 in all five folds      0.606 0.673 0.637 0.573 0.635 0.601  0.621
 *     L2 x3 (--l2 3e-3,3e-3,6e-3), argmax               0.613 0.659 0.625 0.567 0.627 0.586  0.613
 *     L2 /3 (--l2 3e-4,3e-4,6e-4), argmax               0.607 0.660 0.622 0.561 0.631 0.593  0.613
 *   --neutrality: P(neutral) = sigmoid(u), P(pos | not neutral) = sigmoid(s), u over the features'
 *     magnitudes; neutral if u > 0, else sign of s      0.581 0.661 0.633 0.538 0.623 0.558  0.599
 *     thresholds chosen nested (u > -0.3, s > 0.1)      0.594 0.656 0.635 0.558 0.639 0.593  0.612
 *   --neutrality --usigned (u over signed values), nested 0.538 0.647 0.584 0.533 0.614 0.565  0.580
 * The multinomial model gains 0.036 on the mean, every language at least 0.005 (de +0.10, it +0.06),
 * and its likelihood-optimal argmax is already the best decision rule, so the label needs no tuned band.
 * Per-language offsets chosen nested (cv.ts "nested per language") did not help: en 0.610 (+0.004, fold
 * noise), de 0.670, fr 0.636, es 0.569, it 0.630, pt 0.593, so one rule (argmax) serves all languages.
 *
 * Engine 1.2.0, second round: the experiments that failed under the ordinal model, again under the
 * multinomial one (where a feature can speak for neutral), and new neutral/objectivity features. Each
 * is `npx tsx src/lib/server/sentiment/train/cv.ts FLAGS` (5 folds, argmax; "nested" = six-language
 * mean with the decision offsets chosen on the other four folds; fold sd of the mean 0.005-0.011).
 * Adoption rule: mean +0.005 or more and no language down by more than 0.005.
 *                                                         en    de    fr    es    it    pt    mean  nested
 *   committed (multinomial, prefix 4, L2 1e-3,1e-3,2e-3)  0.606 0.673 0.637 0.573 0.635 0.601  0.621 0.621
 *   --ngrams (hashed char 3-5-grams, L2 1e-3)           0.608 0.671 0.634 0.571 0.632 0.593  0.618 0.618
 *   --ngrams --l2n 3e-3                                  0.605 0.675 0.634 0.573 0.635 0.597  0.620 0.620
 *   --ngrams --l2n 1e-2                                  0.606 0.673 0.636 0.570 0.634 0.600  0.620 0.620
 *   --ngrams --ngnorm sqrt                               0.610 0.666 0.644 0.570 0.628 0.594  0.619 0.618
 *   --balance (each language's classes weigh the same)   0.605 0.669 0.636 0.573 0.634 0.601  0.620 0.620
 *   --shared (plus one weight per word for all languages) 0.603 0.670 0.637 0.572 0.631 0.605  0.620 0.620
 *   --nb (NB log-count ratio, cross-fitted)              0.611 0.666 0.629 0.568 0.634 0.599  0.618 0.617
 *   --minword 1                                          0.609 0.667 0.639 0.572 0.634 0.601  0.620 0.618
 *   --minword 3                                          0.600 0.666 0.637 0.572 0.631 0.595  0.617 0.617
 *   --minbigram 2                                        0.604 0.671 0.640 0.568 0.636 0.599  0.620 0.620
 *   --minbigram 5                                        0.605 0.673 0.636 0.570 0.635 0.600  0.620 0.620
 *   --prefix 3                                           0.603 0.664 0.627 0.571 0.624 0.584  0.612 0.612
 *   --prefix 5                                           0.605 0.666 0.628 0.564 0.626 0.590  0.613 0.611
 *   --noprefix                                           0.603 0.658 0.621 0.571 0.627 0.581  0.610 0.610
 *   --prefix2 6 (a second, 6-letter word beginning)      0.610 0.673 0.631 0.575 0.631 0.596  0.619 0.619
 *   --prefix2 3 (and a 3-letter one)                     0.601 0.669 0.639 0.567 0.629 0.589  0.616 0.614
 *   --suffix 3 (word endings)                            0.615 0.667 0.626 0.567 0.622 0.596  0.615 0.612
 *   --suffix 4                                           0.603 0.665 0.626 0.563 0.633 0.602  0.615 0.611
 *   --foldprefix (beginnings without accents)            0.606 0.669 0.637 0.571 0.635 0.596  0.619 0.619
 *   --l2 3e-3,1e-3,2e-3 (words x3)                       0.612 0.656 0.632 0.566 0.635 0.592  0.616 0.617
 *   --l2 3e-4,1e-3,2e-3 (words /3)                       0.604 0.665 0.623 0.568 0.628 0.591  0.613 0.617
 *   --l2 1e-3,3e-3,2e-3 (prefixes x3)                    0.604 0.669 0.630 0.572 0.629 0.590  0.615 0.615
 *   --l2 1e-3,3e-4,2e-3 (prefixes /3)                    0.609 0.661 0.632 0.552 0.634 0.590  0.613 0.612
 *   --l2 1e-3,1e-3,6e-3 (bigrams x3)                     0.606 0.672 0.638 0.567 0.630 0.598  0.619 0.616
 *   --l2 1e-3,1e-3,6e-4 (bigrams /3)                     0.605 0.667 0.632 0.559 0.632 0.598  0.616 0.616
 *   --iter 200                                           0.605 0.672 0.637 0.571 0.635 0.601  0.620 0.620
 *   --iter 800                                           0.612 0.670 0.636 0.569 0.635 0.599  0.620 0.619
 *   text shape (--shape NAME, dense, shared by languages; URLs and @handles skipped):
 *   --shape len (log(1 + words))                         0.604 0.665 0.638 0.568 0.630 0.597  0.617 0.617
 *   --shape unk (share of words the model does not know) 0.609 0.666 0.638 0.569 0.633 0.589  0.617 0.615
 *   --shape digit (a number in the text)                 0.603 0.672 0.634 0.568 0.636 0.598  0.618 0.617
 *   --shape caps (share of all-caps words)               0.607 0.672 0.637 0.569 0.631 0.598  0.619 0.619
 *   --shape emoji (emoji count, up to 3)                 0.606 0.672 0.637 0.569 0.636 0.601  0.620 0.620
 *   --shape hash (hashtag count, up to 3)                0.607 0.670 0.631 0.570 0.638 0.597  0.619 0.619
 *   --shape qend (text ends in "?")                      0.607 0.667 0.637 0.568 0.637 0.602  0.620 0.620
 *   --shape all                                          0.608 0.667 0.637 0.559 0.627 0.589  0.614 0.615
 *   --shape all --shapelang (own weights per language)   0.601 0.657 0.624 0.568 0.617 0.589  0.609 0.605
 *   from the holdouts' confusion (below):
 *   --lennorm 0.25 (token evidence / tokens^0.25)        0.613 0.659 0.626 0.560 0.632 0.586  0.613 0.611
 *   --lennorm 0.5                                        0.613 0.634 0.601 0.543 0.622 0.568  0.597 0.597
 *   --lexabs (|valence| of every lexicon as a feature too) 0.625 0.661 0.645 0.573 0.641 0.602  0.625 0.623
 *   --lexabsown (own lexicon and emoji only)             0.622 0.667 0.647 0.572 0.644 0.605  0.626 0.624
 *   --lexabslang (own lexicon only)                      0.624 0.666 0.645 0.572 0.642 0.603  0.625 0.625
 *   --lexabsemoji (emoji lexicon only)                   0.606 0.671 0.637 0.569 0.634 0.594  0.618 0.618
 * Per-class F1 of the committed model on the five holdouts (negative / neutral / positive): en 0.649 /
 * 0.505 / 0.664, de 0.673 / 0.657 / 0.687, fr 0.722 / 0.577 / 0.612, es 0.565 / 0.473 / 0.682, it 0.628 /
 * 0.626 / 0.650, pt 0.613 / 0.518 / 0.670; each class is predicted about as often as it occurs (es 625 /
 * 604 / 610 predicted for 613 each; only de under-predicts neutral, 527), so where es, pt and en lose
 * neutral it is to discrimination, not to calibration (and offsets chosen nested did not help). The
 * magnitude of a lexicon valence (--lexabs*: a sentiment word of either sign counts against neutral)
 * is the only change that moves the mean, and it fails the rule: --lexabsown at four decimals is mean
 * 0.6262 vs 0.6207 (+0.0055) but de 0.6668 vs 0.6726 (-0.0058), and with the decision rule nested
 * 0.6244 (+0.0037, de -0.0074, es -0.0078); --lexabslang nested 0.6246 (+0.0039, de -0.0086). Choosing
 * per language, nested, whether to use it (--lexabslang; en fr it pt chose it in all or 4 of 5 folds,
 * de never, es in 2 of 5) gives 0.6251 (+0.0044, es -0.0064). So nothing of this round is adopted; the
 * word-and-lexicon model stays at ~0.62, and the text-shape features carry no neutral signal the word
 * weights and per-language bias do not already hold.
 *
 * Engine 1.2.0, third round: two ideas from the ordinal era, under the multinomial model (same cv.ts
 * command and columns as above; the committed row was re-run and reproduced to three decimals).
 *                                                         en    de    fr    es    it    pt    mean  nested
 *   committed (re-run)                                   0.606 0.673 0.637 0.573 0.635 0.601  0.621 0.621
 *   --negown (a negated word also gets its own weight,
 *     lang|n|word, min count 2: 702 features)            0.608 0.672 0.638 0.570 0.633 0.601  0.620 0.620
 *   --negonly (a negated word only its own weight; the
 *     lexicon valences stay flipped)                     0.612 0.667 0.639 0.570 0.638 0.590  0.619 0.618
 *   --ensemble a: the ordinal model (1.1.0, likelihood cut points) fitted alongside, class
 *     log-probabilities mixed (1 - a) multinomial + a ordinal, offsets on the mixed log-odds:
 *   --ensemble 0.1                                       0.608 0.672 0.635 0.573 0.633 0.603  0.620 0.620
 *   --ensemble 0.25                                      0.604 0.661 0.639 0.572 0.631 0.599  0.618 0.616
 *   --ensemble 0.5                                       0.606 0.645 0.634 0.567 0.617 0.604  0.612 0.615
 *   --ensemble 0.25 --ensprob (mix the probabilities)    0.604 0.659 0.638 0.574 0.631 0.600  0.618 0.619
 *   --ensemble 0.5 --ensprob                             0.607 0.639 0.635 0.566 0.617 0.603  0.611 0.613
 * Neither passes the adoption rule. Own weights for negated words (+0.004 under the ordinal model,
 * where a flipped word could not also speak for neutral) change nothing here, probably because a
 * word's two multinomial weights already let a flipped "good" land between negative and neutral, and
 * negated words are rare (in fold 0's training part, 552 of the 703 seen twice or more occur 2-5
 * times). The ensemble only pulls the multinomial model back towards the ordinal one (de and it, where
 * the multinomial model gained most, lose 0.01-0.03 at a = 0.25-0.5); at a = 0.1 it is a tie.
 * Nothing is adopted.
 *
 * Engine 1.3.0, fourth round: the lexicon magnitudes of the second round, only in the languages that
 * chose them. Choosing per language, nested, had picked --lexabslang in en, fr, it and pt (4 or 5 of 5
 * folds), in es in 2 and in de in none; that choice, fixed, cross-validated (same cv.ts columns; the
 * five per-fold six-language means in the last column):
 *                                                         en    de    fr    es    it    pt    mean  folds
 *   --lexabsin none (engine 1.2.0)                       0.606 0.673 0.637 0.573 0.635 0.601  0.621  .614 .622 .620 .631 .616
 *   --lexabsin en                                        0.624 0.671 0.636 0.570 0.635 0.601  0.623  .615 .628 .623 .631 .616
 *   --lexabsin en,fr,it,pt (committed, engine 1.3.0)     0.624 0.671 0.646 0.570 0.642 0.604  0.626  .622 .628 .624 .637 .619
 *   --lexabsin en,fr,it,pt,es                            0.624 0.671 0.646 0.571 0.642 0.603  0.626  .618 .632 .626 .636 .619
 *   --lexabsin en,fr,it,pt,de                            0.624 0.666 0.644 0.571 0.642 0.605  0.625  .616 .629 .625 .637 .620
 * The committed choice gains +0.005 on the mean and in every one of the five folds (+0.003 to +0.008);
 * de and es move by -0.002/-0.003 although their features did not change (the emoji and punctuation
 * weights are shared), which is fold noise. The honest estimate of choosing per language is the nested
 * one of the second round, +0.0044. Adopted mainly for English (+0.018): the VADER lexicon is large,
 * and a strong word of either sign is evidence against neutral, English's weakest class.
 * Tried on top of it, each a tie or worse (mean 0.622-0.626; the flags were not kept): magnitudes of the
 * secondary and English lexicons too in es and/or pt (es 0.570-0.573, pt 0.599-0.605); a word weight
 * shared by es+pt, es+pt+it or all four Romance languages (es 0.568-0.573, pt 0.598-0.604); the word,
 * prefix and bigram L2 x2, x0.5 or x3 for es and pt only (es 0.564-0.573 and pt 0.593-0.607, moving in
 * opposite directions); and --lexabsemoji, --shape qend, --minword 1, --iter 800 again. es stays at
 * ~0.57 and pt at ~0.60 in CV whatever this family is given.
 *
 * Engines 1.4.0 and 1.5.0, fifth round: lexicons, not the model. Every round above left es at ~0.57
 * and pt at ~0.60, and their main lexicons were AFINN's machine translations plus ~70 hand-written
 * words. New hand-curated lexicons for es, it and pt (lexicons/curated-*.json, written for this project
 * from general language knowledge, no third-party lexicon or tweet consulted; PROVENANCE.md), same cv.ts
 * command and columns, model and flags as committed:
 *                                                         en    de    fr    es    it    pt    mean
 *   engine 1.3.0 (AFINN + ~70 core words)                0.624 0.671 0.646 0.570 0.642 0.604  0.626
 *   first draft, ~1,800 words per language, used as:
 *     the second lexicon beside AFINN (lex2)             0.621 0.671 0.647 0.591 0.666 0.623  0.636
 *     the main lexicon, AFINN dropped                    0.622 0.669 0.646 0.589 0.663 0.631  0.637
 *     filling only words AFINN lacks                     0.621 0.672 0.648 0.578 0.657 0.617  0.632
 *     the main lexicon, AFINN as the second (lex2)       0.621 0.671 0.643 0.592 0.660 0.630  0.636
 *   second draft, 3,300-3,700 words (verb forms, word families, sport, politics, services, slang;
 *     59 first-draft words dropped as two-sided, 28 revalued), main lexicon, AFINN second
 *     (engine 1.4.0, after dropping elongated spellings and rule words)
 *                                                        0.621 0.671 0.646 0.586 0.671 0.639  0.639
 *     --lexabsin en,fr,it,pt,es                          0.621 0.670 0.645 0.592 0.672 0.637  0.639
 *     --l2 3e-3,1e-3,2e-3 / 2e-3,2e-3,4e-3 / 1e-3,3e-3,2e-3: mean 0.637 each
 *   third draft: a review of every entry for words that are mostly neutral in news and political
 *     tweets (removed: es 209, it 197, pt 156), strengths set right (es 90, it 221, pt 180) and
 *     300-800 new words per language; each part cross-validated on its own per language:
 *     all three parts in every language                  0.620 0.671 0.644 0.597 0.683 0.635  0.642
 *     es: new words only / new + strengths / removals + strengths: es 0.583 / 0.585 / 0.596
 *     it: new words only / new + strengths / removals + strengths: it 0.676 / 0.678 / 0.680
 *     pt: new only / new + strengths / removals + strengths / removals only / strengths only:
 *         pt 0.639 / 0.640 / 0.634 / 0.633 / 0.638
 *     committed (engine 1.5.0): all three parts in es and it, new words and strengths in pt; folds
 *     .629 .647 .645 .653 .639                           0.620 0.670 0.646 0.596 0.684 0.640  0.643
 * Curated lexicons gain +0.017 on the mean (es +0.026, it +0.042, pt +0.036), beyond every model change
 * tried since engine 1.2.0; en, de and fr, which kept their lexicons, move by fold noise only. How the
 * list enters (main, second, filling gaps) matters less than having it (0.632-0.637); the main lexicon
 * with AFINN as a second opinion is kept, so the model weighs the two. The review's removals help es
 * (+0.011) and it, and cost pt 0.005 (its removals include "bem", "força", "justiça": often neutral,
 * but in pt tweets more often evaluative than the reviewer bet), so pt keeps them. Validation
 * macro-F1 (not used to choose, and seen for each draft only after its CV): engine 1.4.0 en 0.667,
 * de 0.628, fr 0.637, es 0.613, it 0.594, pt 0.615; the third draft with every part in pt gave pt 0.598
 * before the per-part CV above chose to keep pt's removed words; engine 1.5.0 en 0.668, de 0.627,
 * fr 0.637, es 0.614, it 0.616, pt 0.606 (1.3.0: 0.664 / 0.625 / 0.640 / 0.564 / 0.584 / 0.560).
 *
 * Engine 1.1.0 and before (ordinal model; to repeat these runs now, add --ordinal):
 * 5-fold cross-validation on train (mean macro-F1 of six languages, band x0.55 / best common band):
 * as committed before (prefix 5) 0.579 / 0.580; L2 x3 0.577 / 0.579; L2 /3 0.570 / 0.575; 1000
 * iterations 0.580 / 0.580; --shared 0.578 / 0.580; --balance 0.581 / 0.585; own weights for negated
 * words 0.583 / 0.585; prefix 6 0.577 / 0.580; prefix 4 0.582 / 0.585 (band x0.65), the setting now
 * used. Per-language band width and shift, chosen inside the folds (nested), did worse: 0.580.
 *
 * Engine 1.1.0, second round (train/cv.ts, which runs the five folds; per language en de fr es it pt at
 * band x0.65, then the six-language mean; the mean of the five single folds has sd 0.008, so the
 * standard error of a CV mean is about 0.004 and differences below ~0.005 are fold noise):
 *   committed setting            0.599 0.569 0.616 0.553 0.574 0.596  0.585
 *   --ngrams (hashed char 3-5-grams, mean per word, L2 1e-3)     0.595 0.568 0.615 0.553 0.575 0.596  0.583
 *   --ngrams --l2n 1e-4          0.583 0.556 0.609 0.548 0.562 0.591  0.575
 *   --ngrams --l2n 1e-2          0.599 0.571 0.611 0.553 0.578 0.597  0.585
 *   --ngrams --noprefix          0.594 0.558 0.600 0.549 0.571 0.583  0.576
 *   --ngrams --ngnorm sqrt       0.596 0.555 0.616 0.547 0.566 0.594  0.579 (L2 3e-3: 0.583)
 *   --ngrams --ngpool (plus n-grams shared by all languages)    0.598 0.563 0.610 0.554 0.571 0.594  0.582
 *   --bag 5 (mean of five models on 80% subsamples)           0.596 0.566 0.615 0.551 0.572 0.597  0.583
 *   --nb (NB log-count ratio as one feature, cross-fitted)    0.598 0.565 0.607 0.557 0.570 0.600  0.583
 *   --nb --l2 1e-2,1e-2,2e-2     0.592 0.559 0.599 0.557 0.572 0.585  0.577
 *   --minword 1 / 3              0.585 / 0.584;  --minbigram 2: 0.587
 * The best common band (width and midpoint shift) moved none of these by more than 0.002. With 1,838
 * tweets per language the word-and-lexicon model sits at ~0.585 however it is regularised, pooled,
 * bagged or given subwords, so the committed model stays as it is.
 */
import fs from 'node:fs';
import path from 'node:path';
import {
	Analysis,
	KIND_WORD,
	KIND_BOUNDARY,
	KIND_EMOJI,
	PREFIX_LENGTH,
	TOKEN_HASHTAG,
	TOKEN_WORD,
	rulesFor,
	tokenize
} from '../engine';
import { loadUmsab, UMSAB_LANGUAGES, type UmsabLanguage } from '../dataset';
import { macroF1 } from '../metrics';
import { LEXICONS, LEXICON_SCALE, SECONDARY_LEXICONS, type LearnedWeights } from '../lexicons';
import type { SentimentLabel } from '../../../metrics';

const args = process.argv.slice(2);
const foldArg = args.includes('--fold') ? Number(args[args.indexOf('--fold') + 1]) : undefined;
const holdout = args.includes('--holdout') || foldArg !== undefined;
/** Which fifth of each language's train rows is held out (--holdout = fold 0). */
const heldOutFold = foldArg ?? 0;
const FOLDS = 5;
const sharedWords = args.includes('--shared');
const balance = args.includes('--balance');
const l2Arg = args[args.indexOf('--l2') + 1];
const [l2Word, l2Prefix, l2Bigram] = (args.includes('--l2') && l2Arg ? l2Arg : '1e-3,1e-3,2e-3')
	.split(',')
	.map(Number) as [number, number, number];
const iterations = Number(args[args.indexOf('--iter') + 1] ?? 0) || 400;
const MIN_WORD_COUNT = args.includes('--minword') ? Number(args[args.indexOf('--minword') + 1]) : 2;
const l2Shared = Number(args[args.indexOf('--l2shared') + 1] ?? 0) || 2e-3;
const MIN_SHARED_COUNT = 3;
const MIN_BIGRAM_COUNT = args.includes('--minbigram') ? Number(args[args.indexOf('--minbigram') + 1]) : 3;
const useNgrams = args.includes('--ngrams');
const usePrefix = !args.includes('--noprefix');
const l2Ngram = Number(args[args.indexOf('--l2n') + 1] ?? 0) || 1e-3;
const ngramNorm = args.includes('--ngnorm') ? (args[args.indexOf('--ngnorm') + 1] as string) : 'mean';
const ngramPool = args.includes('--ngpool');
const bagCount = args.includes('--bag') ? Number(args[args.indexOf('--bag') + 1]) : 0;
/** Length of the word beginnings that get their own weight (the engine's PREFIX_LENGTH unless --prefix n). */
const prefixLength = args.includes('--prefix') ? Number(args[args.indexOf('--prefix') + 1]) : PREFIX_LENGTH;
/** Dense text-shape features (--shape len,unk,digit,caps,emoji,hash,qend; experiment), see shapeFeatures. */
const shapeKinds = new Set(
	args.includes('--shape') ? (args[args.indexOf('--shape') + 1] as string).split(',') : []
);
/**
 * --lexabs: each lexicon also enters with its valences' magnitudes (one more feature per language and
 * lexicon), so a sentiment word of either sign can count against neutral. Free in the engine: it folds
 * into the word's entry like the signed valence.
 */
const lexAbs = args.includes('--lexabs');
/** --lexabsown: magnitudes only for the language's own lexicon and the emoji lexicon (not lex2/lexen). */
const lexAbsOwn = args.includes('--lexabsown');
/** --lexabslang: magnitudes for the language's own lexicon only; --lexabsemoji: for the emoji lexicon only. */
const lexAbsLang = args.includes('--lexabslang');
/**
 * Engine 1.3.0: the languages whose own lexicon also enters with its valences' magnitudes (`lang|lexabs`),
 * so a sentiment word of either sign counts against neutral. Chosen by cross-validation (fourth round in
 * the header): en, fr, it and pt chose it in 4 or 5 of 5 folds, de never, es in 2. `--lexabsin en,fr,…`
 * or `--lexabsin none` to cross-validate another choice.
 */
const LEXICON_MAGNITUDE_LANGUAGES = ['en', 'fr', 'it', 'pt'];
const lexAbsLanguages = new Set(
	args.includes('--lexabsin')
		? (args[args.indexOf('--lexabsin') + 1] as string).split(',').filter((lang) => lang !== 'none')
		: LEXICON_MAGNITUDE_LANGUAGES
);
const lexAbsEmoji = args.includes('--lexabsemoji');
/**
 * --lennorm p: the tokens' summed evidence is divided by (tokens)^p, so a long text does not drift away
 * from neutral only by adding up many weak weights (experiment).
 */
const lengthPower = args.includes('--lennorm') ? Number(args[args.indexOf('--lennorm') + 1]) : 0;
/**
 * --foldprefix: word beginnings are keyed without accents ("não"/"nao", "qué"/"que" share one), for the
 * tweets that drop them (experiment).
 */
const foldPrefix = args.includes('--foldprefix');
/**
 * --negown: a word inside a negation scope (the rules gave it a negative weight) also gets its own
 * feature `lang|n|word` (value: the weight's magnitude, min count like words), so "not good" need not be
 * exactly -0.74 x "good"; --negonly: the negated word gets only that feature, not the flipped word and
 * prefix features (the lexicon valences stay flipped). Experiments.
 */
const negOwn = args.includes('--negown') || args.includes('--negonly');
const negOnly = args.includes('--negonly');
/**
 * --ensemble a: the ordinal model (engine 1.1.0, likelihood cut points) is fitted too and its class
 * log-probabilities are mixed with the multinomial ones, log p = (1 - a) log p_multi + a log p_ord
 * (--ensprob: the probabilities instead); the decision offsets apply to the mixed log-odds against
 * neutral. Experiment (--fold/--holdout only).
 */
const ensembleWeight = args.includes('--ensemble') ? Number(args[args.indexOf('--ensemble') + 1]) : 0;
const ensembleProb = args.includes('--ensprob');
const COMBINING_MARKS = /\p{M}/gu;
function prefixKey(word: string): string {
	const head = word.slice(0, prefixLength);
	return foldPrefix ? head.normalize('NFD').replace(COMBINING_MARKS, '') : head;
}
/**
 * --suffix n: words longer than n + 1 characters also get a weight for their last n characters
 * (endings: "-issimo", "-mente", "-ção"); --prefix2 n: a second, longer word beginning (experiments).
 */
const suffixLength = args.includes('--suffix') ? Number(args[args.indexOf('--suffix') + 1]) : 0;
const prefix2Length = args.includes('--prefix2') ? Number(args[args.indexOf('--prefix2') + 1]) : 0;
/** --shapelang: each language gets its own shape weights instead of one set shared by all. */
const shapePerLanguage = args.includes('--shapelang');
const LABEL_INDEX: Record<SentimentLabel, number> = { negative: 0, neutral: 1, positive: 2 };
/**
 * Model family. 'multinomial' (committed, engine 1.2.0 and later): 3-class logistic regression, a negative and a
 * positive logit per feature with neutral as reference. --ordinal: engine 1.1.0's cumulative-logit
 * model, one valence per feature and two cut points. --neutrality: a hurdle model, P(neutral) =
 * sigmoid(u) and P(positive | not neutral) = sigmoid(s), with its own weight per feature for u (over
 * the features' magnitudes, so a negated word is as subjective as the word; --usigned: signed values)
 * and for s. The last two are experiments for --holdout/--fold only, see the header.
 */
const mode = args.includes('--ordinal')
	? 'ordinal'
	: args.includes('--neutrality')
		? 'neutrality'
		: 'multinomial';
const neutralitySigned = args.includes('--usigned');

/** Deterministic shuffle so holdout figures are reproducible. */
function seededRandom(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state * 1664525 + 1013904223) >>> 0;
		return state / 2 ** 32;
	};
}

interface Example {
	lang: string;
	label: number;
	text: string;
}

const trainSet: Example[] = [];
const testSet: Example[] = [];
for (const [folder, lang] of Object.entries(UMSAB_LANGUAGES)) {
	const rows = loadUmsab(folder as UmsabLanguage, 'train');
	const random = seededRandom(42);
	for (const row of rows) {
		const example = { lang, label: LABEL_INDEX[row.label], text: row.text };
		const fold = Math.floor(random() * FOLDS);
		(holdout && fold === heldOutFold ? testSet : trainSet).push(example);
	}
}

const analysis = new Analysis();
const languages = Object.values(UMSAB_LANGUAGES) as string[];

function lexiconFor(lang: string): Record<string, number> {
	return LEXICONS[lang] ?? {};
}

// Pass 1: counts, with only the lexicons known (elongation/hashtag splitting barely depend on it).
const wordCounts = new Map<string, number>();
const bigramCounts = new Map<string, number>();
function countInto(map: Map<string, number>, key: string): void {
	map.set(key, (map.get(key) ?? 0) + 1);
}
const useNb = args.includes('--nb');
const NB_PARTS = 5;
/** Tweets per language and class containing each word, overall and per cross-fitting part. */
const nbTotal = new Map<string, number[]>();
const nbPart = new Map<string, number[]>();
const classTotals = new Map<string, number[]>();
const partOf = new Map<Example, number>();
trainSet.forEach((ex, i) => partOf.set(ex, i % NB_PARTS));
function bump(map: Map<string, number[]>, key: string, label: number): void {
	let counts = map.get(key);
	if (!counts) map.set(key, (counts = [0, 0, 0]));
	counts[label] = (counts[label] as number) + 1;
}
for (const ex of trainSet) {
	const lexicon = lexiconFor(ex.lang);
	analysis.analyze(ex.text, rulesFor(ex.lang), (w) => w in lexicon, undefined);
	const part = partOf.get(ex) as number;
	bump(classTotals, ex.lang, ex.label);
	bump(classTotals, `${ex.lang}#${part}`, ex.label);
	const seen = new Set<string>();
	for (let i = 0; i < analysis.length; i++)
		if (analysis.kinds[i] === KIND_WORD) seen.add(analysis.keys[i] as string);
	for (const w of seen) {
		bump(nbTotal, `${ex.lang}|${w}`, ex.label);
		bump(nbPart, `${ex.lang}|${w}|${part}`, ex.label);
	}
	let previous: string | undefined;
	for (let i = 0; i < analysis.length; i++) {
		const kind = analysis.kinds[i];
		const key = analysis.keys[i] as string;
		if (kind === KIND_BOUNDARY) {
			previous = undefined;
			continue;
		}
		const ns = kind === KIND_WORD ? ex.lang : '*';
		countInto(wordCounts, `${ns}|w|${key}`);
		if (negOwn && kind === KIND_WORD && (analysis.unigramWeight[i] as number) < 0)
			countInto(wordCounts, `${ex.lang}|n|${key}`);
		if (sharedWords && kind === KIND_WORD) countInto(wordCounts, `*|w|${key}`);
		if (kind === KIND_WORD && key.length > prefixLength)
			countInto(wordCounts, `${ex.lang}|p|${prefixKey(key)}`);
		if (kind === KIND_WORD && suffixLength > 0 && key.length > suffixLength + 1)
			countInto(wordCounts, `${ex.lang}|s|${key.slice(-suffixLength)}`);
		if (kind === KIND_WORD && prefix2Length > 0 && key.length > prefix2Length)
			countInto(wordCounts, `${ex.lang}|q|${key.slice(0, prefix2Length)}`);
		if (kind === KIND_WORD && previous !== undefined)
			countInto(bigramCounts, `${ex.lang}|b|${previous} ${key}`);
		previous = kind === KIND_WORD ? key : undefined;
	}
}

const knownByLang = new Map<string, Set<string>>();
for (const lang of languages) {
	const known = new Set(Object.keys(lexiconFor(lang)));
	for (const w of Object.keys(SECONDARY_LEXICONS[lang] ?? {})) known.add(w);
	if (lang !== 'en') for (const w of Object.keys(LEXICONS.en ?? {})) known.add(w);
	knownByLang.set(lang, known);
}
for (const [feature, count] of wordCounts) {
	if (count < MIN_WORD_COUNT) continue;
	const [lang, kind, key] = feature.split('|') as [string, string, string];
	if (kind === 'w' && lang !== '*') knownByLang.get(lang)?.add(key);
}

// Feature index.
const featureIndex = new Map<string, number>();
const featureL2: number[] = [];
function feature(name: string, l2: number): number {
	let index = featureIndex.get(name);
	if (index === undefined) {
		index = featureIndex.size;
		featureIndex.set(name, index);
		featureL2.push(l2);
	}
	return index;
}
const DENSE_L2 = 1e-5;

interface Vector {
	index: Int32Array;
	value: Float64Array;
	/** Sum of the absolute contributions to each feature (the neutrality head's input). */
	magnitude: Float64Array;
	label: number;
	lang: string;
}

/**
 * Subword features (fastText-style): every character n-gram of length NGRAM_MIN..NGRAM_MAX of the word
 * padded as "<word>", hashed (FNV-1a, seeded per language) into one table of NGRAM_BUCKETS weights. A
 * word's subword valence is the mean of its n-grams' weights, so morphology ("enttäusch-", "-issimo")
 * carries to words the training tweets never showed. Experiment only (--ngrams): it did not improve
 * cross-validated macro-F1, so the engine does not compute it.
 */
const NGRAM_MIN = 3;
const NGRAM_MAX = 5;
const NGRAM_BUCKETS = 1 << 18;
const NGRAM_MASK = NGRAM_BUCKETS - 1;
const PAD_START = 60; // '<'
const PAD_END = 62; // '>'

/** Hash seed of a language's n-grams, so languages share the table without sharing weights. */
function ngramSeed(lang: string): number {
	let h = 2166136261;
	for (let i = 0; i < lang.length; i++) h = Math.imul(h ^ lang.charCodeAt(i), 16777619);
	return h >>> 0;
}

/** Calls `visit` with the bucket of each n-gram of `word`; returns how many there were. */
function forEachNgram(word: string, seed: number, visit: (bucket: number) => void): number {
	const padded = word.length + 2;
	let count = 0;
	for (let start = 0; start + NGRAM_MIN <= padded; start++) {
		let h = seed;
		const end = Math.min(padded, start + NGRAM_MAX);
		for (let j = start; j < end; j++) {
			const c = j === 0 ? PAD_START : j === padded - 1 ? PAD_END : word.charCodeAt(j - 1);
			h = Math.imul(h ^ c, 16777619);
			if (j - start + 1 >= NGRAM_MIN) {
				visit((h >>> 0) & NGRAM_MASK);
				count++;
			}
		}
	}
	return count;
}

const NB_ALPHA = 1;
/** NB log-count ratio (positive vs negative) of a word, leaving out cross-fitting part `part` (-1: none). */
function nbRatio(lang: string, word: string, part: number): number {
	const total = nbTotal.get(`${lang}|${word}`);
	if (!total) return 0;
	const held = part >= 0 ? nbPart.get(`${lang}|${word}|${part}`) : undefined;
	const c = (k: number) => (total[k] as number) - (held?.[k] ?? 0);
	if (c(0) + c(1) + c(2) < 2) return 0;
	const all = classTotals.get(lang) as number[];
	const heldAll = part >= 0 ? classTotals.get(`${lang}#${part}`) : undefined;
	const n = (k: number) => (all[k] as number) - (heldAll?.[k] ?? 0);
	return (
		Math.log((c(2) + NB_ALPHA) / (n(2) + 2 * NB_ALPHA)) - Math.log((c(0) + NB_ALPHA) / (n(0) + 2 * NB_ALPHA))
	);
}

/**
 * Text-shape features that may mark neutral, objective text (experiment, --shape): log(1 + words),
 * share of words the model does not know, a number present, share of all-caps words, emoji count,
 * hashtag count, text ending in "?". URLs and @handles are skipped, as the scorer ignores them. Reads
 * the `analysis` of the text just analysed.
 */
function shapeFeatures(text: string, known: Set<string>): [string, number][] {
	let words = 0;
	let unknown = 0;
	let emoji = 0;
	for (let i = 0; i < analysis.length; i++) {
		const kind = analysis.kinds[i];
		if (kind === KIND_WORD) {
			words++;
			if (!known.has(analysis.keys[i] as string)) unknown++;
		} else if (kind === KIND_EMOJI) emoji++;
	}
	let hashtags = 0;
	let capsWords = 0;
	for (const [type, token] of tokenize(text)) {
		if (type === TOKEN_HASHTAG) hashtags++;
		if (type === TOKEN_WORD && token.length > 1 && !/\p{Ll}/u.test(token)) capsWords++;
	}
	// Digits outside URLs and handles (the tokeniser skips numbers, so look at the text between tokens).
	const stripped = text.replace(/https?:\/\/\S+|www\.\S+|@\w+/gu, ' ');
	const digits = /\p{N}/u.test(stripped);
	const endsInQuestion = /\?[\s!?]*$/u.test(stripped);
	const all: [string, number][] = [
		['len', Math.log1p(words)],
		['unk', words > 0 ? unknown / words : 0],
		['digit', digits ? 1 : 0],
		['caps', words > 0 ? capsWords / words : 0],
		['emoji', Math.min(emoji, 3)],
		['hash', Math.min(hashtags, 3)],
		['qend', endsInQuestion ? 1 : 0]
	];
	return all.filter(([name]) => shapeKinds.has(name) || shapeKinds.has('all'));
}

const buckets: number[] = [];
function vectorize(ex: Example, grow: boolean): Vector {
	const lexicon = lexiconFor(ex.lang);
	const english = LEXICONS.en ?? {};
	const emoji = LEXICONS['*'] ?? {};
	const known = knownByLang.get(ex.lang) as Set<string>;
	analysis.analyze(ex.text, rulesFor(ex.lang), (w) => known.has(w), undefined);
	const sparse = new Map<number, number>();
	const sparseAbs = new Map<number, number>();
	const add = (name: string, value: number, l2: number, countMap?: Map<string, number>, minCount = 1) => {
		if (value === 0) return;
		if (countMap && (countMap.get(name) ?? 0) < minCount) return;
		const index = grow ? feature(name, l2) : featureIndex.get(name);
		if (index === undefined) return;
		sparse.set(index, (sparse.get(index) ?? 0) + value);
		sparseAbs.set(index, (sparseAbs.get(index) ?? 0) + Math.abs(value));
	};
	let previous: string | undefined;
	for (let i = 0; i < analysis.length; i++) {
		const kind = analysis.kinds[i];
		if (kind === KIND_BOUNDARY) {
			previous = undefined;
			continue;
		}
		const key = analysis.keys[i] as string;
		const weight = analysis.unigramWeight[i] as number;
		if (kind === KIND_WORD) {
			const negated = negOwn && weight < 0;
			if (negated) add(`${ex.lang}|n|${key}`, -weight, l2Word, wordCounts, MIN_WORD_COUNT);
			const ownOnly = negated && negOnly;
			if (!ownOnly) add(`${ex.lang}|w|${key}`, weight, l2Word, wordCounts, MIN_WORD_COUNT);
			if (sharedWords) add(`*|w|${key}`, weight, l2Shared, wordCounts, MIN_SHARED_COUNT);
			if (!ownOnly && usePrefix && key.length > prefixLength) {
				add(`${ex.lang}|p|${prefixKey(key)}`, weight, l2Prefix, wordCounts, MIN_WORD_COUNT);
			}
			if (suffixLength > 0 && key.length > suffixLength + 1)
				add(`${ex.lang}|s|${key.slice(-suffixLength)}`, weight, l2Prefix, wordCounts, MIN_WORD_COUNT);
			if (prefix2Length > 0 && key.length > prefix2Length)
				add(`${ex.lang}|q|${key.slice(0, prefix2Length)}`, weight, l2Prefix, wordCounts, MIN_WORD_COUNT);
			if (useNgrams) {
				buckets.length = 0;
				const count = forEachNgram(key, ngramSeed(ex.lang), (b) => buckets.push(b));
				const share = weight / (ngramNorm === 'sqrt' ? Math.sqrt(count) : count);
				for (const b of buckets) add(`${ex.lang}|h|${b}`, share, l2Ngram);
				if (ngramPool) {
					buckets.length = 0;
					forEachNgram(key, ngramSeed('*'), (b) => buckets.push(b));
					for (const b of buckets) add(`*|h|${b}`, share, l2Ngram);
				}
			}
			if (useNb)
				add(`${ex.lang}|nb`, weight * nbRatio(ex.lang, key, grow ? (partOf.get(ex) ?? -1) : -1), DENSE_L2);
			const lexValence = lexicon[key];
			if (lexValence !== undefined) add(`${ex.lang}|lex`, (weight * lexValence) / LEXICON_SCALE, DENSE_L2);
			if ((lexAbs || lexAbsOwn || lexAbsLang || lexAbsLanguages.has(ex.lang)) && lexValence !== undefined)
				add(`${ex.lang}|lexabs`, (weight * Math.abs(lexValence)) / LEXICON_SCALE, DENSE_L2);
			const secondValence = SECONDARY_LEXICONS[ex.lang]?.[key];
			if (secondValence !== undefined)
				add(`${ex.lang}|lex2`, (weight * secondValence) / LEXICON_SCALE, DENSE_L2);
			if (lexAbs && secondValence !== undefined)
				add(`${ex.lang}|lex2abs`, (weight * Math.abs(secondValence)) / LEXICON_SCALE, DENSE_L2);
			if (ex.lang !== 'en') {
				const englishValence = english[key];
				if (englishValence !== undefined)
					add(`${ex.lang}|lexen`, (weight * englishValence) / LEXICON_SCALE, DENSE_L2);
				if (lexAbs && englishValence !== undefined)
					add(`${ex.lang}|lexenabs`, (weight * Math.abs(englishValence)) / LEXICON_SCALE, DENSE_L2);
			}
			if (previous !== undefined) {
				add(
					`${ex.lang}|b|${previous} ${key}`,
					analysis.bigramWeight[i] as number,
					l2Bigram,
					bigramCounts,
					MIN_BIGRAM_COUNT
				);
			}
			previous = key;
		} else {
			add(`*|w|${key}`, weight, l2Word, wordCounts, MIN_WORD_COUNT);
			const symbolValence = emoji[key] ?? english[key];
			if (symbolValence !== undefined) add('*|emolex', (weight * symbolValence) / LEXICON_SCALE, DENSE_L2);
			if ((lexAbs || lexAbsOwn || lexAbsEmoji) && symbolValence !== undefined)
				add('*|emolexabs', (weight * Math.abs(symbolValence)) / LEXICON_SCALE, DENSE_L2);
			previous = undefined;
		}
	}
	if (lengthPower > 0) {
		let tokens = 0;
		for (let i = 0; i < analysis.length; i++) if (analysis.kinds[i] !== KIND_BOUNDARY) tokens++;
		const factor = Math.max(1, tokens) ** -lengthPower;
		for (const [i, v] of sparse) sparse.set(i, v * factor);
		for (const [i, v] of sparseAbs) sparseAbs.set(i, v * factor);
	}
	add('*|excl', Math.min(analysis.exclamations, 4), DENSE_L2);
	add('*|quest', Math.min(analysis.questions, 3), DENSE_L2);
	add(`${ex.lang}|bias`, 1, DENSE_L2);
	if (shapeKinds.size > 0) {
		const ns = shapePerLanguage ? ex.lang : '*';
		for (const [name, value] of shapeFeatures(ex.text, known)) add(`${ns}|shape|${name}`, value, DENSE_L2);
	}
	const index = new Int32Array(sparse.size);
	const value = new Float64Array(sparse.size);
	const magnitude = new Float64Array(sparse.size);
	let k = 0;
	for (const [i, v] of sparse) {
		index[k] = i;
		value[k] = v;
		magnitude[k] = neutralitySigned ? v : (sparseAbs.get(i) as number);
		k++;
	}
	return { index, value, magnitude, label: ex.label, lang: ex.lang };
}

const trainVectors = trainSet.map((ex) => vectorize(ex, true));
const testVectors = testSet.map((ex) => vectorize(ex, false));
const dims = featureIndex.size;
console.error(`${trainVectors.length} train, ${testVectors.length} holdout, ${dims} features`);

const l2 = Float64Array.from(featureL2);

function sigmoid(x: number): number {
	return 1 / (1 + Math.exp(-x));
}

function dot(weights: Float64Array, v: Vector, values: Float64Array = v.value): number {
	let s = 0;
	for (let k = 0; k < v.index.length; k++)
		s += (weights[v.index[k] as number] as number) * (values[k] as number);
	return s;
}

/**
 * A model with two scores per text. 'multinomial': first = negative logit, second = positive logit
 * (neutral = 0). 'neutrality': first = u (neutral logit, over magnitudes), second = s (polarity).
 */
interface TwoHeadFit {
	first: Float64Array;
	second: Float64Array;
}

function headScores(model: TwoHeadFit, v: Vector): [number, number] {
	return mode === 'neutrality'
		? [dot(model.first, v, v.magnitude), dot(model.second, v)]
		: [dot(model.first, v), dot(model.second, v)];
}

/** Loss weight of each example: 1, or with --balance each language's three classes weigh the same. */
function classWeights(vectors: readonly Vector[]): number[] {
	const classWeight = new Map<string, number>();
	if (balance) {
		const counts = new Map<string, number>();
		for (const v of vectors) counts.set(`${v.lang}${v.label}`, (counts.get(`${v.lang}${v.label}`) ?? 0) + 1);
		for (const [key, count] of counts) {
			const langTotal = vectors.filter((v) => v.lang === key.slice(0, 2)).length;
			classWeight.set(key, langTotal / 3 / count);
		}
	}
	return vectors.map((v) => classWeight.get(`${v.lang}${v.label}`) ?? 1);
}

/** Adam's step for parameter `i` with gradient `g` at `step` (1-based); m1, m2 hold its moment estimates. */
function adamStep(m1: Float64Array, m2: Float64Array, i: number, g: number, step: number): number {
	const beta1 = 0.9;
	const beta2 = 0.999;
	const rate = 0.05;
	m1[i] = beta1 * (m1[i] as number) + (1 - beta1) * g;
	m2[i] = beta2 * (m2[i] as number) + (1 - beta2) * g * g;
	const mHat = (m1[i] as number) / (1 - beta1 ** step);
	const vHat = (m2[i] as number) / (1 - beta2 ** step);
	return (rate * mHat) / (Math.sqrt(vHat) + 1e-8);
}

/** Full-batch Adam on the two-head log-likelihood, same L2 and schedule as `fit`. */
function fitTwoHeads(vectors: readonly Vector[]): TwoHeadFit {
	const first = new Float64Array(dims);
	const second = new Float64Array(dims);
	const g1 = new Float64Array(dims);
	const g2 = new Float64Array(dims);
	const m1 = new Float64Array(2 * dims);
	const m2 = new Float64Array(2 * dims);
	const n = vectors.length;
	const weightOf = classWeights(vectors);
	for (let step = 1; step <= iterations; step++) {
		g1.fill(0);
		g2.fill(0);
		for (let e = 0; e < n; e++) {
			const v = vectors[e] as Vector;
			const w = weightOf[e] as number;
			const [a, b] = headScores({ first, second }, v);
			let da: number;
			let db: number;
			if (mode === 'multinomial') {
				const top = Math.max(a, b, 0);
				const ea = Math.exp(a - top);
				const eb = Math.exp(b - top);
				const e0 = Math.exp(-top);
				const z = ea + eb + e0;
				da = ea / z - (v.label === 0 ? 1 : 0);
				db = eb / z - (v.label === 2 ? 1 : 0);
			} else if (v.label === 1) {
				da = sigmoid(a) - 1;
				db = 0;
			} else {
				da = sigmoid(a);
				db = sigmoid(b) - (v.label === 2 ? 1 : 0);
			}
			const firstValues = mode === 'neutrality' ? v.magnitude : v.value;
			for (let k = 0; k < v.index.length; k++) {
				const i = v.index[k] as number;
				g1[i] = (g1[i] as number) + w * da * (firstValues[k] as number);
				g2[i] = (g2[i] as number) + w * db * (v.value[k] as number);
			}
		}
		const adam = (i: number, g: number): number => adamStep(m1, m2, i, g, step);
		for (let i = 0; i < dims; i++) {
			const reg = l2[i] as number;
			first[i] = (first[i] as number) - adam(i, (g1[i] as number) / n + reg * (first[i] as number));
			second[i] = (second[i] as number) - adam(dims + i, (g2[i] as number) / n + reg * (second[i] as number));
		}
	}
	return { first, second };
}

/**
 * Label of a two-head model under decision offsets (x, y). 'multinomial': argmax of (negative + x,
 * 0, positive + y). 'neutrality': neutral when u > x, else positive when s > y, else negative.
 */
function twoHeadLabel(a: number, b: number, x: number, y: number): number {
	if (mode === 'multinomial') {
		const neg = a + x;
		const pos = b + y;
		return neg > pos ? (neg > 0 ? 0 : 1) : pos > 0 ? 2 : 1;
	}
	return a > x ? 1 : b > y ? 2 : 0;
}

/** Decision-offset grid of a two-head model: x then y, as "x|y" cells. */
function twoHeadGrid(): [number[], number[]] {
	const range = (from: number, to: number) =>
		Array.from(
			{ length: Math.round((to - from) / 0.1) + 1 },
			(_, i) => Math.round((from + i * 0.1) * 100) / 100
		);
	return mode === 'multinomial' ? [range(-0.5, 1.5), range(-0.5, 1.5)] : [range(-1.5, 1.5), range(-0.5, 0.5)];
}

interface Fit {
	weights: Float64Array;
	/** Ordinal cut points, theta[0] < theta[1]. */
	theta: [number, number];
}

/** Full-batch Adam: the data is small, so exact gradients are cheap and reproducible. */
function fit(vectors: readonly Vector[]): Fit {
	const weights = new Float64Array(dims);
	const theta: [number, number] = [-0.7, 0.7];
	const grad = new Float64Array(dims);
	const m1 = new Float64Array(dims + 2);
	const m2 = new Float64Array(dims + 2);
	const n = vectors.length;
	const weightOf = classWeights(vectors);
	for (let step = 1; step <= iterations; step++) {
		grad.fill(0);
		let g0 = 0;
		let g1 = 0;
		for (let e = 0; e < n; e++) {
			const v = vectors[e] as Vector;
			const w = weightOf[e] as number;
			const s = dot(weights, v);
			let ds: number;
			if (v.label === 0) {
				const a = sigmoid(theta[0] - s);
				ds = w * (1 - a);
				g0 -= w * (1 - a);
			} else if (v.label === 2) {
				const b = sigmoid(s - theta[1]);
				ds = -w * (1 - b);
				g1 += w * (1 - b);
			} else {
				const a = sigmoid(theta[0] - s);
				const b = sigmoid(theta[1] - s);
				const p = Math.max(b - a, 1e-12);
				ds = (w * (b * (1 - b) - a * (1 - a))) / p;
				g0 += (w * a * (1 - a)) / p;
				g1 -= (w * b * (1 - b)) / p;
			}
			for (let k = 0; k < v.index.length; k++) {
				const i = v.index[k] as number;
				grad[i] = (grad[i] as number) + ds * (v.value[k] as number);
			}
		}
		const adam = (i: number, g: number): number => adamStep(m1, m2, i, g, step);
		for (let i = 0; i < dims; i++) {
			weights[i] =
				(weights[i] as number) -
				adam(i, (grad[i] as number) / n + (l2[i] as number) * (weights[i] as number));
		}
		theta[0] -= adam(dims, g0 / n);
		theta[1] -= adam(dims + 1, g1 / n);
		if (theta[0] > theta[1] - 0.05) theta[0] = theta[1] - 0.05;
	}
	return { weights, theta };
}

function label(score: number, cut: readonly [number, number]): number {
	return score <= cut[0] ? 0 : score >= cut[1] ? 2 : 1;
}

function f1Of(vectors: readonly Vector[], scores: readonly number[], cut: readonly [number, number]): number {
	return macroF1(
		vectors.map((v) => v.label),
		scores.map((s) => label(s, cut))
	);
}

/**
 * The likelihood-optimal ordinal cut points leave the neutral band too wide for macro-F1: with weak
 * evidence the model parks most tweets in the middle class (1,195 of 2,070 holdout tweets vs ~690 truly
 * neutral). 5-fold cross-validated macro-F1 (mean of six languages, prefix 4) by band width: x0.55
 * 0.582, x0.6 0.584, x0.65 0.585, x0.7 0.583. Per-language cut points chosen inside the folds did no
 * better (0.580), so one scale serves all.
 */
const NEUTRAL_BAND_SCALE = 0.65;

function narrowedCutPoints(theta: readonly [number, number]): Record<string, [number, number]> {
	const mid = (theta[0] + theta[1]) / 2;
	const half = ((theta[1] - theta[0]) / 2) * NEUTRAL_BAND_SCALE;
	return Object.fromEntries(languages.map((lang) => [lang, [mid - half, mid + half]]));
}

function report(
	name: string,
	model: Fit,
	vectors: readonly Vector[],
	cuts: Record<string, [number, number]>
): void {
	const parts: string[] = [];
	let sum = 0;
	for (const lang of languages) {
		const subset = vectors.filter((v) => v.lang === lang);
		const f1 = f1Of(
			subset,
			subset.map((v) => dot(model.weights, v)),
			cuts[lang] ?? model.theta
		);
		sum += f1;
		parts.push(`${lang} ${f1.toFixed(3)}`);
	}
	console.error(`${name}: ${parts.join('  ')}  mean ${(sum / languages.length).toFixed(3)}`);
}

/** Bagging: the mean of models fitted on random 80% subsamples (still one linear model). */
function bagged(vectors: readonly Vector[], count: number): Fit {
	if (count <= 1) return fit(vectors);
	const random = seededRandom(7);
	const weights = new Float64Array(dims);
	const theta: [number, number] = [0, 0];
	for (let k = 0; k < count; k++) {
		const model = fit(vectors.filter(() => random() < 0.8));
		for (let i = 0; i < dims; i++) weights[i] = (weights[i] as number) + (model.weights[i] as number) / count;
		theta[0] += model.theta[0] / count;
		theta[1] += model.theta[1] / count;
	}
	return { weights, theta };
}

if (mode !== 'ordinal') {
	if (!holdout && mode !== 'multinomial')
		throw new Error('--neutrality is an experiment: use --holdout or --fold k');
	if ((ensembleWeight > 0 || negOwn) && (!holdout || mode !== 'multinomial'))
		throw new Error(
			'--ensemble, --negown and --negonly are multinomial experiments: use --holdout or --fold k'
		);
	const model = fitTwoHeads(trainVectors);
	const ordinal = ensembleWeight > 0 ? fit(trainVectors) : undefined;
	/** The scores the decision rule sees: the model's logits, or with --ensemble the mixed log-odds. */
	const scoresOf = (v: Vector): [number, number] => {
		const [a, b] = headScores(model, v);
		if (!ordinal) return [a, b];
		const top = Math.max(a, b, 0);
		const z = top + Math.log(Math.exp(a - top) + Math.exp(b - top) + Math.exp(-top));
		const multi = [a - z, -z, b - z] as const;
		const s = dot(ordinal.weights, v);
		const pNeg = sigmoid(ordinal.theta[0] - s);
		const pPos = sigmoid(s - ordinal.theta[1]);
		const ord = [pNeg, Math.max(1 - pNeg - pPos, 1e-12), pPos] as const;
		const mixed = [0, 1, 2].map((c) =>
			ensembleProb
				? Math.log((1 - ensembleWeight) * Math.exp(multi[c] as number) + ensembleWeight * (ord[c] as number))
				: (1 - ensembleWeight) * (multi[c] as number) + ensembleWeight * Math.log(ord[c] as number)
		) as [number, number, number];
		return [mixed[0] - mixed[1], mixed[2] - mixed[1]];
	};
	const fitted = languages.map((lang) => {
		const subset = trainVectors.filter((v) => v.lang === lang);
		const predicted = subset.map((v) => twoHeadLabel(...headScores(model, v), 0, 0));
		return `${lang} ${macroF1(
			subset.map((v) => v.label),
			predicted
		).toFixed(3)}`;
	});
	console.error(`train (fitted): ${fitted.join('  ')}`);
	if (holdout) {
		const [xs, ys] = twoHeadGrid();
		const grid: Record<string, Record<string, number>> = {};
		const parts: string[] = [];
		let sum = 0;
		for (const lang of languages) {
			const subset = testVectors.filter((v) => v.lang === lang);
			const scores = subset.map(scoresOf);
			const truth = subset.map((v) => v.label);
			const row: Record<string, number> = {};
			for (const x of xs)
				for (const y of ys)
					row[`${x.toFixed(2)}|${y.toFixed(2)}`] = macroF1(
						truth,
						scores.map(([a, b]) => twoHeadLabel(a, b, x, y))
					);
			grid[lang] = row;
			// Per-class F1 at argmax (negative, neutral, positive) and the predicted class counts.
			const predicted = scores.map(([a, b]) => twoHeadLabel(a, b, 0, 0));
			const perClass = [0, 1, 2].map((c) => {
				let tp = 0;
				let fp = 0;
				let fn = 0;
				truth.forEach((t, i) => {
					if (predicted[i] === c && t === c) tp++;
					else if (predicted[i] === c) fp++;
					else if (t === c) fn++;
				});
				return `${((2 * tp) / Math.max(1, 2 * tp + fp + fn)).toFixed(3)}(${tp + fp}/${tp + fn})`;
			});
			console.error(`  ${lang} per class neg neu pos, F1(predicted/true): ${perClass.join(' ')}`);
			const f1 = row['0.00|0.00'] as number;
			sum += f1;
			parts.push(`${lang} ${f1.toFixed(3)}`);
		}
		console.error(
			`holdout, ${mode}${ensembleWeight > 0 ? ` mixed with the ordinal model (${ensembleWeight})` : ''} at offsets 0|0: ${parts.join('  ')}  mean ${(sum / languages.length).toFixed(3)}`
		);
		console.log(JSON.stringify({ fold: heldOutFold, committed: '0.00|0.00', grid }));
	} else {
		const learned: LearnedWeights = {
			provenance:
				'Weights learned by src/lib/server/sentiment/train/train.ts from the UMSAB train split (cardiffnlp/xlm-t, Apache-2.0); no text rows included.',
			model: 'multinomial',
			features: []
		};
		for (const name of [...featureIndex.keys()].sort()) {
			const i = featureIndex.get(name) as number;
			const negative = Math.round((model.first[i] as number) * 1000) / 1000;
			const positive = Math.round((model.second[i] as number) * 1000) / 1000;
			if (Math.abs(negative) >= 0.005 || Math.abs(positive) >= 0.005)
				learned.features.push([name, negative, positive]);
		}
		const out = path.resolve(
			path.dirname(new URL(import.meta.url).pathname),
			'../lexicons/learned-weights.json'
		);
		fs.writeFileSync(out, JSON.stringify(learned, null, 0) + '\n');
		console.error(`wrote ${out} (${learned.features.length} features)`);
	}
	process.exit(0);
}

const model = bagged(trainVectors, bagCount);
const cuts = narrowedCutPoints(model.theta);
report('train (fitted)', model, trainVectors, cuts);
if (holdout) {
	report('holdout, likelihood cut points', model, testVectors, {});
	report(`holdout, band narrowed x${NEUTRAL_BAND_SCALE}`, model, testVectors, cuts);
	// Machine-readable grid for cross-validation: macro-F1 per language by band scale and midpoint shift.
	const grid: Record<string, Record<string, number>> = {};
	const mid = (model.theta[0] + model.theta[1]) / 2;
	const half0 = (model.theta[1] - model.theta[0]) / 2;
	for (const lang of languages) {
		const subset = testVectors.filter((v) => v.lang === lang);
		const scores = subset.map((v) => dot(model.weights, v));
		const row: Record<string, number> = {};
		for (let scale = 0.3; scale <= 0.901; scale += 0.05) {
			for (let shift = -0.3; shift <= 0.301; shift += 0.05) {
				const half = half0 * scale;
				const c = mid + shift;
				row[`${scale.toFixed(2)}|${shift.toFixed(2)}`] = f1Of(subset, scores, [c - half, c + half]);
			}
		}
		grid[lang] = row;
	}
	console.log(JSON.stringify({ fold: heldOutFold, theta: model.theta, committed: '0.65|0.00', grid }));
} else {
	throw new Error('--ordinal is kept for cross-validation only: use --holdout or --fold k');
}
