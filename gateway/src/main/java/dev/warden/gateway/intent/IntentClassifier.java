package dev.warden.gateway.intent;

import dev.warden.policy.Intent;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Multinomial logistic regression over sentence embeddings: one weight vector per intent, trained
 * on the labelled examples when a bundle is activated. It learns which directions of the
 * embedding space separate the intents, where a nearest-centroid rule weighs every direction
 * alike; on the held-out set it is the more accurate of the two.
 */
final class IntentClassifier {

    private static final int EPOCHS = 400;
    private static final double LEARNING_RATE = 4.0;
    private static final double L2 = 1e-4;

    private final Intent[] intents;
    private final double[][] weights;
    private final double[] biases;

    private IntentClassifier(Intent[] intents, double[][] weights, double[] biases) {
        this.intents = intents;
        this.weights = weights;
        this.biases = biases;
    }

    /** Trains on unit vectors labelled with their intent; deterministic for the same examples. */
    static IntentClassifier train(Map<Intent, List<float[]>> examples) {
        var intents = examples.keySet().stream().filter(intent -> !examples.get(intent).isEmpty()).toArray(Intent[]::new);
        int classes = intents.length;
        int dimensions = examples.get(intents[0]).getFirst().length;
        int count = examples.values().stream().mapToInt(List::size).sum();
        var x = new float[count][];
        var y = new int[count];
        int n = 0;
        for (int c = 0; c < classes; c++) {
            for (var vector : examples.get(intents[c])) {
                x[n] = vector;
                y[n++] = c;
            }
        }
        var weights = new double[classes][dimensions];
        var biases = new double[classes];
        var probabilities = new double[classes];
        var gradient = new double[classes][dimensions];
        var biasGradient = new double[classes];
        // Full-batch gradient descent on the cross-entropy: a few hundred examples train in well under a second.
        for (int epoch = 0; epoch < EPOCHS; epoch++) {
            for (var row : gradient) {
                Arrays.fill(row, 0);
            }
            Arrays.fill(biasGradient, 0);
            for (int i = 0; i < count; i++) {
                softmax(weights, biases, x[i], probabilities);
                for (int c = 0; c < classes; c++) {
                    double error = probabilities[c] - (y[i] == c ? 1 : 0);
                    biasGradient[c] += error;
                    var g = gradient[c];
                    for (int d = 0; d < dimensions; d++) {
                        g[d] += error * x[i][d];
                    }
                }
            }
            for (int c = 0; c < classes; c++) {
                biases[c] -= LEARNING_RATE * biasGradient[c] / count;
                for (int d = 0; d < dimensions; d++) {
                    weights[c][d] -= LEARNING_RATE * (gradient[c][d] / count + L2 * weights[c][d]);
                }
            }
        }
        return new IntentClassifier(intents, weights, biases);
    }

    Intent classify(float[] vector) {
        int best = 0;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < intents.length; c++) {
            double score = score(weights[c], biases[c], vector);
            if (score > bestScore) {
                bestScore = score;
                best = c;
            }
        }
        return intents[best];
    }

    private static void softmax(double[][] weights, double[] biases, float[] x, double[] out) {
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < weights.length; c++) {
            out[c] = score(weights[c], biases[c], x);
            max = Math.max(max, out[c]);
        }
        double sum = 0;
        for (int c = 0; c < weights.length; c++) {
            out[c] = Math.exp(out[c] - max);
            sum += out[c];
        }
        for (int c = 0; c < weights.length; c++) {
            out[c] /= sum;
        }
    }

    private static double score(double[] weights, double bias, float[] x) {
        double score = bias;
        for (int d = 0; d < x.length; d++) {
            score += weights[d] * x[d];
        }
        return score;
    }

}
