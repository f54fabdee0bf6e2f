//! Attacks on the declared activation bounds (issue 15, third review). Each test names the
//! attack and asserts the exact outcome. All randomness is seeded.

use ark_std::rand::{rngs::StdRng, Rng, SeedableRng};
use spazk_mlp::model::hiding_input_bits;
use spazk_mlp::{ActivationBound, HidingOptions, MlpError, Model, ProvingKey};

fn model_of(widths: &[usize], density: f64, shift: u32, seed: u64) -> Model {
    let mut model = Model::random(widths, density, seed).unwrap();
    let mut rng = StdRng::seed_from_u64(seed ^ 0xb1a5);
    for layer in &mut model.layers {
        for b in &mut layer.bias {
            *b = rng.gen_range(-500..500);
        }
        if let Some(spec) = layer.activation.as_mut() {
            spec.shift = shift;
        }
    }
    model
}

/// Attack: the shape rule under the widest declared bias bound (`spazk commit --shape-bounds
/// --bias-bits 40`). The rule gives `L = 41` for every shape, above the activation's
/// `MAX_INPUT_BITS = 40`: refused when committing, with a message naming the bound and the way
/// out (before: the activation's width check, "input bits is 41, expected 40"), never a panic
/// and never a commitment that no reader accepts. One bit less commits.
#[test]
fn shape_bounds_under_the_widest_bias_bound_are_refused_by_name() {
    let model = model_of(&[12, 10, 6], 0.5, 4, 1);
    let layer = &model.layers[0];
    assert_eq!(
        hiding_input_bits(layer.shape(), layer.weights.kind(), 40),
        41
    );
    let options = |bias_bits| HidingOptions {
        activation_bound: ActivationBound::Shape,
        ..HidingOptions::new(bias_bits)
    };
    let result = ProvingKey::commit_hiding(
        model.clone(),
        &options(40),
        1,
        &mut StdRng::seed_from_u64(2),
    );
    assert_eq!(
        result.err(),
        Some(MlpError::Model(
            "layer 0: declared activation bound 2^41 is above the largest an activation \
             proves, 2^40 (declare a smaller bias bound)"
                .into()
        ))
    );
    let (key, _) =
        ProvingKey::commit_hiding(model, &options(39), 1, &mut StdRng::seed_from_u64(2)).unwrap();
    assert_eq!(key.commitment().activation_bounds(), vec![40]);
}
