"""A Keras Dense layer with a bias regularizer: L2 on biases constrains the offset of each unit
for no benefit. RegLab flags `bias-regularizer`. The fixed twin is keras_bias_regularizer_fixed.py."""
from tensorflow import keras

model = keras.Sequential([
    keras.layers.Dense(64, activation="relu", kernel_regularizer=keras.regularizers.l2(1e-4), bias_regularizer=keras.regularizers.l2(1e-4)),
    keras.layers.Dense(1),
])
