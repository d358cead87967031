"""The fixed twin of keras_bias_regularizer.py: only the kernel is regularized."""
from tensorflow import keras

model = keras.Sequential([
    keras.layers.Dense(64, activation="relu", kernel_regularizer=keras.regularizers.l2(1e-4)),
    keras.layers.Dense(1),
])
